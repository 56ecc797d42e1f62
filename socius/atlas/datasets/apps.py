from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatasetsConfig(AppConfig):
    """Researchers' datasets (Data Packages), part of the atlas under /atlas/datasaet/."""

    name = "socius.atlas.datasets"
    label = "datasets"
    verbose_name = _("Research datasets")

    def ready(self) -> None:
        from socius.atlas.datasets import (
            gdpr,  # noqa: F401  (registers the module's personal data)
            search,  # noqa: F401  (registers the module's public content)
            sections,  # noqa: F401  (its part of the theme pages)
        )
