from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    """Indicators and observations: the social atlas of Danish municipalities."""

    name = "socius.atlas"
    label = "atlas"
    verbose_name = _("Social atlas")
