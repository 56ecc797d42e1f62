"""The knowledge hub on core's shared pages: the newest publications on the front page, and a
theme's publications with the editors' introduction on the theme's one page (the hub's own
theme pages redirect there; see models.ThemePage)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.knowledge.selectors import published_publications, theme_page_intro

HOME_ITEMS = 4
THEME_ITEMS = 6


class Publications(list[Any]):
    """A theme's newest publications, with the editors' introduction to the theme."""

    intro: str = ""


def home_publications() -> list[Any]:
    return list(published_publications()[:HOME_ITEMS])


def theme_publications(*, theme: Any) -> Publications:
    found = Publications(published_publications(theme=theme)[:THEME_ITEMS])
    found.intro = theme_page_intro(theme)
    return found


section_register(
    Section(
        key="publications",
        page="home",
        heading=_("Newest publications"),
        template="knowledge/sections/publications.html",
        items=home_publications,
        empty=_("Nothing has been published yet."),
        order=40,
    )
)
section_register(
    Section(
        key="publications",
        page="theme",
        heading=_("Knowledge"),
        template="knowledge/sections/publications.html",
        items=theme_publications,
        empty=_("Nothing has been published on this theme yet."),
        order=10,
    )
)
