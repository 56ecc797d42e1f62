"""Citizen proposals on core's shared pages: proposals collecting signatures on the front
page, a theme's proposals, and a municipality's proposals in its space."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.proposals.selectors import (
    proposal_list_collecting,
    proposal_list_for_municipality,
    proposal_list_for_theme,
)

HOME_ITEMS = 4
LIST_ITEMS = 8
TEMPLATE = "proposals/sections/proposals.html"


def home_proposals() -> list[Any]:
    return list(proposal_list_collecting()[:HOME_ITEMS])


def theme_proposals(*, theme: Any) -> list[Any]:
    return list(proposal_list_for_theme(theme)[:LIST_ITEMS])


def municipality_proposals(*, municipality: Any) -> list[Any]:
    return list(proposal_list_for_municipality(municipality)[:LIST_ITEMS])


section_register(
    Section(
        key="proposals",
        page="home",
        heading=_("Citizen proposals collecting signatures"),
        template=TEMPLATE,
        items=home_proposals,
        empty=_("No citizen proposals are collecting signatures right now."),
        order=20,
        more_url="proposals:proposal-list",
        more_label=_("All citizen proposals"),
    )
)
section_register(
    Section(
        key="proposals",
        page="theme",
        heading=_("Citizen proposals"),
        template=TEMPLATE,
        items=theme_proposals,
        empty=_("There are no citizen proposals on this theme yet."),
        order=30,
        more_url="proposals:proposal-list",
        more_label=_("All citizen proposals"),
    )
)
section_register(
    Section(
        key="proposals",
        page="municipality",
        heading=_("Citizen proposals"),
        template=TEMPLATE,
        items=municipality_proposals,
        empty=_("There are no public citizen proposals in this municipality yet."),
        order=10,
        more_url="proposals:proposal-list",
        more_label=_("All citizen proposals"),
    )
)
