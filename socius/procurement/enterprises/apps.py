from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementEnterprisesConfig(AppConfig):
    """Social-economy enterprises, the municipality's own companies and spin-offs."""

    name = "socius.procurement.enterprises"
    label = "procurement_enterprises"
    verbose_name = _("Social-economy enterprises")
