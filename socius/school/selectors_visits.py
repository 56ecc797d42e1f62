"""Reads of the visits part, with their related rows fetched so list pages keep a fixed
number of queries."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from socius.core.models import Municipality
from socius.school.models import (
    BookingState,
    OfferStatus,
    SchoolClass,
    VisitBooking,
    VisitOffer,
)
from socius.school.models.visits import certificate_valid_until


def certificate_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Statements made after this moment are still valid (12 months back from ``now``)."""
    try:
        return now.replace(year=now.year - 1)
    except ValueError:
        return now.replace(year=now.year - 1, day=28)


def offer_list_public(
    *,
    municipality: Municipality | None = None,
    grade: int | None = None,
    kind: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[VisitOffer]:
    """Offers teachers can book: listed, with a børneattest statement from the last 12
    months, and days left. Filtered by the organisation's municipality, a grade and a kind."""
    now = now or timezone.now()
    offers = VisitOffer.objects.filter(
        status=OfferStatus.LISTED,
        childrens_certificate_confirmed_at__gt=certificate_cutoff(now),
        available_until__gt=timezone.localdate(now),
    ).select_related("organisation__municipality")
    if municipality is not None:
        offers = offers.filter(organisation__municipality=municipality)
    if grade is not None:
        offers = offers.filter(first_grade__lte=grade, last_grade__gte=grade)
    if kind:
        offers = offers.filter(kind=kind)
    return offers.order_by("available_from", "title", "pk")


def offers_for_contact(*, user: Any) -> QuerySet[VisitOffer]:
    """The offers of every organisation ``user`` is a contact person of, with their bookings
    (newest days last) and each booking's class and school."""
    from socius.school.access_visits import visit_organisations_for

    bookings = VisitBooking.objects.select_related("school_class__school").order_by(
        "day", "starts_at"
    )
    return (
        VisitOffer.objects.filter(organisation__in=visit_organisations_for(user))
        .select_related("organisation", "childrens_certificate_confirmed_by")
        .prefetch_related(Prefetch("bookings", queryset=bookings))
        .order_by("organisation__name", "-created_at")
    )


def bookings_for_class(*, school_class: SchoolClass, for_pupils: bool) -> QuerySet[VisitBooking]:
    """A class's bookings: all for the teacher, only confirmed and held ones for pupils."""
    bookings = VisitBooking.objects.filter(school_class=school_class).select_related(
        "offer__organisation"
    )
    if for_pupils:
        bookings = bookings.filter(state__in=[BookingState.CONFIRMED, BookingState.HELD])
    return bookings.prefetch_related("evaluations").order_by("day", "starts_at")


def visits_held_count(municipality: Municipality | int) -> int:
    """How many visits classes at the municipality's schools have held (a contract: the
    municipality's numbers page shows it)."""
    municipality_id = municipality if isinstance(municipality, int) else municipality.pk
    return VisitBooking.objects.filter(
        state=BookingState.HELD, school_class__school__municipality_id=municipality_id
    ).count()


def certificate_status(offer: VisitOffer, now: datetime.datetime | None = None) -> dict[str, Any]:
    """For pages: whether the statement is valid, until when, and whether it runs out within
    30 days (time to renew)."""
    now = now or timezone.now()
    at = offer.childrens_certificate_confirmed_at
    until = certificate_valid_until(at) if at else None
    return {
        "valid": until is not None and until > now,
        "until": until,
        "soon": until is not None and now < until < now + datetime.timedelta(days=30),
    }


__all__ = [
    "bookings_for_class",
    "certificate_status",
    "offer_list_public",
    "offers_for_contact",
    "visits_held_count",
]
