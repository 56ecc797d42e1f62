from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "socius.grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from socius.grants import (
            gdpr,  # noqa: F401  (registers the module's personal data)
            search,  # noqa: F401  (registers the module's public content)
            sections,  # noqa: F401  (its part of the front, theme and municipality pages)
            signals,  # noqa: F401  (a reviewer who joins an applicant stops counting)
            workbench,  # noqa: F401  (registers the reviewers' workbench queue)
        )
