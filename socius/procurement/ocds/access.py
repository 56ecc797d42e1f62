"""The one door to open contracting data: everything here is public, so the only refusals
are 404s for what does not exist (an unknown or non-participating municipality, a period
outside the calendar)."""

from __future__ import annotations

from django.http import Http404

from socius.core.models import MunicipalSpace
from socius.procurement.ocds import selectors


def space_public(*, slug: str) -> MunicipalSpace:
    """A participating municipality's space, or 404."""
    space = selectors.space_for_data(slug=slug)
    if space is None:
        raise Http404
    return space


def period_or_404(year: int, month: int | None = None) -> None:
    """404 for a year outside 2000-2100 or a month outside 1-12 (the URL takes any digits)."""
    if not selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR:
        raise Http404
    if month is not None and not 1 <= month <= 12:
        raise Http404
