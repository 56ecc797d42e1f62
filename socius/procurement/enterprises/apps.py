from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementEnterprisesConfig(AppConfig):
    """Social-economy enterprises, the municipality's own companies and spin-offs."""

    name = "socius.procurement.enterprises"
    label = "procurement_enterprises"
    verbose_name = _("Social-economy enterprises")

    def ready(self) -> None:
        from socius.procurement.enterprises import (
            search,  # noqa: F401  (enterprises in search)
            sections,  # noqa: F401  (the box on a municipality's page)
        )
