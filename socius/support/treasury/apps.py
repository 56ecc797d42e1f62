from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportTreasuryConfig(AppConfig):
    """The treasurer's pages, bank statements, bookkeeping, where the money went."""

    name = "socius.support.treasury"
    label = "support_treasury"
    verbose_name = _("Treasury")
