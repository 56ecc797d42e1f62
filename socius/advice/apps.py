from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    name = "socius.advice"
    label = "advice"
    verbose_name = _("Communities and community advice")

    def ready(self) -> None:
        from socius.advice import (
            gdpr,  # noqa: F401  (registers the module's personal data)
            search,  # noqa: F401  (registers communities with the search)
            sections,  # noqa: F401  (its part of the front, theme and municipality pages)
            workbench,  # noqa: F401  (registers the advisors' workbench queue)
        )
