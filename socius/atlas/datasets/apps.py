from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    """Researchers' datasets (Data Packages), part of the atlas under /atlas/datasaet/."""

    name = "socius.atlas.datasets"
    label = "datasets"
    verbose_name = _("Research datasets")
