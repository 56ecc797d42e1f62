"""Reads for registration pages: a person's registrations, the organiser's lists and the
counts of needs (never who has which need)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, QuerySet, Sum

from socius.events.models import Answer, Event, Registration, WaitingListMove
from socius.events.needs import ACCESS_NEEDS, DIETARY_NEEDS

if TYPE_CHECKING:
    from socius.accounts.models import User

S = Registration.Status


def registration_list_for(*, user: User) -> QuerySet[Registration]:
    """The person's own registrations, upcoming events first."""
    return (
        Registration.objects.filter(user=user)
        .select_related("event")
        .order_by("-event__starts_at", "-id")
    )


def registration_list_for_event(*, event: Event) -> QuerySet[Registration]:
    """Confirmed and offered registrations with their answers (for the organiser)."""
    return (
        Registration.objects.filter(event=event, status__in=[S.CONFIRMED, S.OFFERED])
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("question")))
        .order_by("created_at", "id")
    )


def waiting_list_for_event(*, event: Event) -> QuerySet[Registration]:
    """The waiting list in order, with the organiser's moves and reasons."""
    return (
        Registration.objects.filter(event=event, status=S.WAITING)
        .prefetch_related(
            Prefetch("moves", queryset=WaitingListMove.objects.select_related("actor"))
        )
        .order_by("waiting_number")
    )


def registration_counts(*, event: Event) -> dict[str, int]:
    """People (party sizes) and registrations per status."""
    rows = (
        Registration.objects.filter(event=event)
        .values("status")
        .annotate(people=Sum("party_size"), n=Count("id"))
    )
    counts: dict[str, int] = {}
    for row in rows:
        counts[f"{row['status']}_people"] = int(row["people"] or 0)
        counts[row["status"]] = int(row["n"])
    return counts


def needs_counts(*, event: Event) -> dict[str, list[tuple[Any, int]]]:
    """How many confirmed or offered registrations state each need (labels, counts)."""
    diet: Counter[str] = Counter()
    access: Counter[str] = Counter()
    rows = Registration.objects.filter(
        event=event, status__in=[S.CONFIRMED, S.OFFERED], needs_consent_at__isnull=False
    ).values_list("dietary_needs", "access_needs")
    for dietary, acc in rows:
        diet.update(c for c in dietary or [] if c in DIETARY_NEEDS)
        access.update(c for c in acc or [] if c in ACCESS_NEEDS)
    return {
        "dietary": [(DIETARY_NEEDS[c], diet[c]) for c in DIETARY_NEEDS if diet[c]],
        "access": [(ACCESS_NEEDS[c], access[c]) for c in ACCESS_NEEDS if access[c]],
    }
