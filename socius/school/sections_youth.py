"""The elective on the municipality's page: how many schools, classes and pupils take part and
how many youth proposals they raised (suppressed like the numbers page), with a link."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register


def municipality_citizenship(*, municipality: Any) -> list[Any]:
    """One item when a class in the municipality takes part (one query)."""
    from socius.school.selectors_youth import municipality_headline

    headline = municipality_headline(municipality)
    return [headline] if headline else []


section_register(
    Section(
        key="school_numbers",
        page="municipality",
        heading=_("Citizenship"),
        template="school/numbers_section.html",
        items=municipality_citizenship,
        empty=_("No school classes in the municipality take the citizenship elective yet."),
        order=80,
        more_url="school:numbers",
        more_label=_("The elective in numbers"),
    )
)
