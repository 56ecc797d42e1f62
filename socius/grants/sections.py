"""Grants on core's shared pages: rounds open for applications on the front page, rounds that
set money aside for a theme, and a municipality's funds in its space."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.grants.selectors import (
    pool_list_for_municipality,
    round_list_for_theme,
    round_list_open,
)

HOME_ITEMS = 4
LIST_ITEMS = 8


def home_rounds() -> list[Any]:
    return list(round_list_open()[:HOME_ITEMS])


def theme_rounds(*, theme: Any) -> list[Any]:
    return list(round_list_for_theme(theme)[:LIST_ITEMS])


def municipality_pools(*, municipality: Any) -> list[Any]:
    return list(pool_list_for_municipality(municipality)[:LIST_ITEMS])


section_register(
    Section(
        key="grants",
        page="home",
        heading=_("Grants open for applications"),
        template="grants/sections/rounds.html",
        items=home_rounds,
        empty=_("No grant rounds are open for applications right now."),
        order=30,
        more_url="grants:round-list",
        more_label=_("All grant rounds"),
    )
)
section_register(
    Section(
        key="grants",
        page="theme",
        heading=_("Grant rounds"),
        template="grants/sections/rounds.html",
        items=theme_rounds,
        empty=_("No grant rounds set money aside for this theme yet."),
        order=50,
        more_url="grants:round-list",
        more_label=_("All grant rounds"),
    )
)
section_register(
    Section(
        key="grants",
        page="municipality",
        heading=_("Grant funds"),
        template="grants/sections/pools.html",
        items=municipality_pools,
        empty=_("The municipality has no grant funds on Socius yet."),
        order=30,
        more_url="grants:round-list",
        more_label=_("All grant rounds"),
    )
)
