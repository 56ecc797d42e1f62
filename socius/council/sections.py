"""The council on core's shared pages: a municipality's space shows its council's latest
decisions, with a link to the council's page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.council.selectors import decisions_latest

LIST_ITEMS = 5


def municipality_decisions(*, municipality: Any) -> list[Any]:
    """The latest decisions of the municipality's council; one query."""
    return decisions_latest(municipality=municipality, limit=LIST_ITEMS)


section_register(
    Section(
        key="council",
        page="municipality",
        heading=_("The city council's latest decisions"),
        template="council/sections/decisions.html",
        items=municipality_decisions,
        empty=_("No council decisions are recorded here yet."),
        order=15,
        more_url="council:council-list",
        more_label=_("The city councils"),
    )
)
