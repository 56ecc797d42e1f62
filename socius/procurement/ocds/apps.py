from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementOcdsConfig(AppConfig):
    """Contracts published as OCDS 1.1 releases and records with the sustainability extension."""

    name = "socius.procurement.ocds"
    label = "procurement_ocds"
    verbose_name = _("Open contracting data")
