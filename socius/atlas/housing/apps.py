from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    """Housing areas (almenboligloven § 61 a and § 61 b), segregation and intergenerational
    housing, part of the atlas under /atlas/boligomraader/."""

    name = "socius.atlas.housing"
    label = "housing"
    verbose_name = _("Housing areas")
