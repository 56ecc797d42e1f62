"""The municipality's published courses on its space (core:municipality-space)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register

# Enough for any municipality's electives; a fixed slice keeps the section at one query.
LIMIT = 10


def municipality_courses(*, municipality: Any) -> list[Any]:
    """The municipality's published courses, by title (one query)."""
    from socius.school.selectors_courses import course_list_published

    return list(course_list_published(municipality=municipality)[:LIMIT])


section_register(
    Section(
        key="school_courses",
        page="municipality",
        heading=_("Citizenship in school"),
        template="school/course_section.html",
        items=municipality_courses,
        empty=_("The municipality has not published a citizenship course yet."),
        order=80,
        more_url="school:home",
        more_label=_("About the citizenship elective"),
    )
)
