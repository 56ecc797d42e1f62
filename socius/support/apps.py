from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Support the think tank: memberships, gifts, campaigns, the newsletter."""

    name = "socius.support"
    label = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from socius.support import (
            gdpr,  # noqa: F401  (supporters in the personal-data registry)
            receivers,  # noqa: F401  (gifts and memberships follow the payments' signals)
            search,  # noqa: F401  (published campaigns in search)
            sections,  # noqa: F401  (the support box on the front page)
        )
