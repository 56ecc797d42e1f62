from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementRulesConfig(AppConfig):
    """Rules as data with their legal basis; which clauses the law requires on a contract."""

    name = "socius.procurement.rules"
    label = "procurement_rules"
    verbose_name = _("Procurement rules")

    def ready(self) -> None:
        from socius.procurement.rules import receivers
        from socius.procurement.signals import contracts_changed

        contracts_changed.connect(
            receivers.contracts_changed_reassess, dispatch_uid="procurement_rules_reassess"
        )
