from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "socius.proposals"
    label = "proposals"
    verbose_name = _("Citizen proposals")

    def ready(self) -> None:
        from socius.proposals import (
            checks,  # noqa: F401  (refuses the test identity path in production)
            gdpr,  # noqa: F401  (registers the module's personal data)
            search,  # noqa: F401  (registers the module's public content)
            sections,  # noqa: F401  (its part of the front, theme and municipality pages)
            thread,  # noqa: F401  (proposals on the golden thread)
            workbench,  # noqa: F401  (registers the case handlers' workbench queue)
        )
