from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    """A municipality's contracts, imported or entered by hand."""

    name = "socius.procurement"
    label = "procurement"
    verbose_name = _("Procurement")

    def ready(self) -> None:
        from socius.procurement import (
            search,  # noqa: F401  (contracts in search)
            sections,  # noqa: F401  (the procurement box on a municipality's page)
        )
