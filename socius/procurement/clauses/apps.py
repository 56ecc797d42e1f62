from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementClausesConfig(AppConfig):
    """The clause library, clauses on contracts, suppliers' reports and their follow-up."""

    name = "socius.procurement.clauses"
    label = "procurement_clauses"
    verbose_name = _("Social clauses")

    def ready(self) -> None:
        from socius.procurement.clauses import gdpr  # noqa: F401  (registers the export)
