from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementRulesConfig(AppConfig):
    """Rules as data with their legal basis; which clauses the law requires on a contract."""

    name = "socius.procurement.rules"
    label = "procurement_rules"
    verbose_name = _("Procurement rules")
