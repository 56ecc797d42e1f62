from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    """A municipality's contracts, imported or entered by hand."""

    name = "socius.procurement"
    label = "procurement"
    verbose_name = _("Procurement")
