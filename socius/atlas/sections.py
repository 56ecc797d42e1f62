"""The atlas on core's shared pages: a theme's indicators with the national value, a
municipality's figures in its space, and a way into the atlas from the front page.

Each reads the atlas snapshot (``selectors.atlas_data``): one query whatever the data, public
figures only, small cells already hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.atlas.models import Indicator
from socius.atlas.selectors import atlas_data, municipality_figures
from socius.atlas.views import present
from socius.core.sections import Section, section_register

MUNICIPALITY_ITEMS = 8


@dataclass(frozen=True)
class Item:
    indicator: Indicator
    value: str
    period: str
    area_code: str = ""


def home_atlas() -> list[dict[str, int]]:
    """One item: how much the atlas holds (nothing before figures are loaded)."""
    counts = present.atlas_counts(atlas_data())
    return [counts] if counts["indicators"] else []


def theme_indicators(*, theme: Any) -> list[Item]:
    """The theme's indicators with the all-Denmark figure of their latest period."""
    data = atlas_data()
    return [
        Item(
            indicator,
            present.national_text(indicator, data.national(indicator)),
            data.latest_period.get(indicator.pk, ""),
        )
        for indicator in data.indicators
        if indicator.theme_id == theme.pk
    ]


def municipality_indicators(*, municipality: Any) -> list[Item]:
    """The first of the municipality's figures, linking to all of them."""
    data = atlas_data()
    if municipality.code not in data.areas:
        return []
    return [
        Item(f.indicator, present.cell_text(f.indicator, f.cell), f.cell.period, municipality.code)
        for f in municipality_figures(data, municipality.code)[:MUNICIPALITY_ITEMS]
    ]


section_register(
    Section(
        key="atlas",
        page="home",
        heading=_("Social atlas"),
        template="atlas/sections/home.html",
        items=home_atlas,
        empty=_("The social atlas has no figures yet."),
        order=60,
        more_url="atlas:home",
        more_label=_("Open the social atlas"),
    )
)
section_register(
    Section(
        key="indicators",
        page="theme",
        heading=_("Indicators"),
        template="atlas/sections/indicators.html",
        items=theme_indicators,
        empty=_("The social atlas has no indicators on this theme yet."),
        order=60,
        more_url="atlas:home",
        more_label=_("All indicators in the social atlas"),
    )
)
section_register(
    Section(
        key="indicators",
        page="municipality",
        heading=_("Key figures"),
        template="atlas/sections/municipality.html",
        items=municipality_indicators,
        empty=_("The social atlas has no figures for the municipality yet."),
        order=60,
        more_url="atlas:compare",
        more_label=_("Compare municipalities"),
    )
)
