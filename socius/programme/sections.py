"""The programme on a municipality's space: its commitments, each with a link."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socius.core.sections import Section, section_register


def municipality_commitments(*, municipality: Any) -> list[Any]:
    """The commitments of the municipality's newest published programme (two queries)."""
    from socius.programme.selectors import programme_for_municipality

    programme = programme_for_municipality(municipality.pk)
    if programme is None:
        return []
    return list(
        programme.commitments.select_related("programme__municipality__space").order_by("number")
    )


def register() -> None:
    section_register(
        Section(
            key="programme",
            page="municipality",
            heading=_("The programme for social sustainability"),
            template="programme/section_municipality.html",
            items=municipality_commitments,
            empty=_("The municipality has no published programme yet."),
            order=30,
        )
    )
