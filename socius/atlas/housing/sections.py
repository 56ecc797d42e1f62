"""Housing on core's shared pages: a municipality's housing areas with their latest status in
its space, and the areas on a list on the housing theme's page. Public content only, a fixed
number of queries (one each)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.atlas.housing.models import ListStatus
from socius.atlas.housing.selectors import area_list, municipality_areas
from socius.core.sections import Section, section_register

THEME_SLUG = "bolig"
LIST_ITEMS = 8


def theme_areas(*, theme: Any) -> list[Any]:
    if getattr(theme, "slug", "") != THEME_SLUG:
        return []
    listed = [s for s in ListStatus.values if s != ListStatus.NONE]
    return list(area_list().filter(latest_status__in=listed)[:LIST_ITEMS])  # type: ignore[misc]


section_register(
    Section(
        key="housing",
        page="municipality",
        heading=_("Housing areas"),
        template="housing/sections/areas.html",
        items=municipality_areas,
        empty=_("No housing areas of the municipality are entered on Socius."),
        order=60,
        more_url="housing:area-list",
        more_label=_("All housing areas"),
    )
)
section_register(
    Section(
        key="housing",
        page="theme",
        heading=_("Housing areas on the lists"),
        template="housing/sections/areas.html",
        items=theme_areas,
        empty=_("No housing areas are on a list on Socius."),
        order=60,
        more_url="housing:area-list",
        more_label=_("All housing areas"),
    )
)
