"""Events on core's shared pages: the next events on the front page, a theme's upcoming
events, and a municipality's own events (and those held in it) in its space."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.events.selectors import (
    event_list_for_municipality,
    event_list_for_theme,
    event_list_upcoming,
)

HOME_ITEMS = 4
LIST_ITEMS = 6


def home_events() -> list[Any]:
    return list(event_list_upcoming()[:HOME_ITEMS])


def theme_events(*, theme: Any) -> list[Any]:
    return list(event_list_for_theme(theme)[:LIST_ITEMS])


def municipality_events(*, municipality: Any) -> list[Any]:
    return list(event_list_for_municipality(municipality)[:LIST_ITEMS])


for page, items, empty, order in (
    ("home", home_events, _("No events are planned right now."), 35),
    ("theme", theme_events, _("No events on this theme are planned right now."), 55),
    (
        "municipality",
        municipality_events,
        _("No events in the municipality are planned right now."),
        35,
    ),
):
    section_register(
        Section(
            key="events",
            page=page,  # type: ignore[arg-type]
            heading=_("Coming events"),
            template="events/sections/events.html",
            items=items,
            empty=empty,
            order=order,
            more_url="events:event-list",
            more_label=_("The whole calendar"),
        )
    )
