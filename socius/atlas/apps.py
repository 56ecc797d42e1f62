from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AtlasConfig(AppConfig):
    """Indicators and observations: the social atlas of Danish municipalities."""

    name = "socius.atlas"
    label = "atlas"
    verbose_name = _("Social atlas")

    def ready(self) -> None:
        from socius.atlas import (
            search,  # noqa: F401  (registers indicators and municipality pages in search)
            sections,  # noqa: F401  (its part of the front, theme and municipality pages)
            thread,  # noqa: F401  (indicators as evidence on the golden thread)
        )
