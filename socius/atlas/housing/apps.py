from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """Housing areas (almenboligloven § 61 a and § 61 b), segregation and intergenerational
    housing, part of the atlas under /atlas/boligomraader/."""

    name = "socius.atlas.housing"
    label = "housing"
    verbose_name = _("Housing areas")

    def ready(self) -> None:
        from socius.atlas.housing import (
            gdpr,  # noqa: F401  (registers the interests in intergenerational housing)
            search,  # noqa: F401  (registers areas and projects in search)
            sections,  # noqa: F401  (its part of the theme and municipality pages)
        )
