"""Communities and community advice on core's shared pages: a theme's communities, and a
municipality's communities and (when it runs it) the advice service in its space."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.advice.selectors import community_list_public
from socius.core.sections import Section, section_register
from socius.core.selectors import municipal_space_for_advice

LIST_ITEMS = 8


def theme_communities(*, theme: Any) -> list[Any]:
    return list(community_list_public(theme=theme)[:LIST_ITEMS])


def municipality_communities(*, municipality: Any) -> list[Any]:
    return list(community_list_public(municipality=municipality)[:LIST_ITEMS])


def municipality_advice(*, municipality: Any) -> list[Any]:
    """The advice service, when this municipality is the one that runs it."""
    space = municipal_space_for_advice()
    return [space] if space is not None and space.municipality_id == municipality.pk else []


section_register(
    Section(
        key="communities",
        page="theme",
        heading=_("Communities"),
        template="advice/sections/communities.html",
        items=theme_communities,
        empty=_("No communities have chosen this theme yet."),
        order=40,
        more_url="advice:community-list",
        more_label=_("Find a community"),
    )
)
section_register(
    Section(
        key="advice",
        page="municipality",
        heading=_("Community advice"),
        template="advice/sections/advice.html",
        items=municipality_advice,
        empty=_("The municipality does not run the community advice service on Socius."),
        order=40,
    )
)
section_register(
    Section(
        key="communities",
        page="municipality",
        heading=_("Communities"),
        template="advice/sections/communities.html",
        items=municipality_communities,
        empty=_("No communities in this municipality are listed yet."),
        order=50,
        more_url="advice:community-list",
        more_label=_("Find a community"),
    )
)
