"""The whistleblower scheme in a municipality's space: its open channels (see
core/sections.py). Only what the scheme's information page already shows: no case data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register
from socius.whistleblowing.selectors import channel_list_for_municipality


def municipality_channels(*, municipality: Any) -> list[Any]:
    return list(channel_list_for_municipality(municipality))


section_register(
    Section(
        key="whistleblowing",
        page="municipality",
        heading=_("Whistleblower scheme"),
        template="whistleblowing/sections/channels.html",
        items=municipality_channels,
        empty=_("The municipality's whistleblower scheme is not on Socius."),
        order=20,
        more_url="whistleblowing:information",
        more_label=_("How the whistleblower scheme works"),
    )
)
