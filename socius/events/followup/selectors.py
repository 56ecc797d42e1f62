"""Reads after the event: materials, minutes, attendance counts and survey results."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from socius.core.disclosure import is_small_count
from socius.events.followup.models import Material, Minutes, SurveyAnswer
from socius.events.models import Event, Registration

# The open data lists at most this many events (the newest first).
OPEN_DATA_MAX = 10_000


def material_list_for(*, event: Event) -> list[Material]:
    """The event's materials: slides first, then recordings, oldest first."""
    return list(Material.objects.filter(event=event))


def minutes_for(*, event: Event) -> Minutes | None:
    """The event's minutes in any state, or None."""
    return (
        Minutes.objects.filter(event=event)
        .select_related("author", "last_edited_by", "approved_by")
        .first()
    )


def minutes_publication(*, minutes: Minutes | None) -> Any:
    """The live knowledge-hub page the minutes were published as, or None (never published,
    or withdrawn by the hub's editors since)."""
    if minutes is None or minutes.publication_id is None:
        return None
    from socius.knowledge.selectors import published_publications

    return published_publications().filter(pk=minutes.publication_id).first()


@dataclass(frozen=True)
class Attendance:
    """Counts of people (a registration counts its party size)."""

    registered: int  # every registration ever made, whatever became of it
    confirmed: int  # holding a confirmed seat
    checked_in: int  # checked in at the door

    @property
    def no_shows(self) -> int:
        return max(self.confirmed - self.checked_in, 0)


def _people(condition: Q | None = None) -> Any:
    return Sum("party_size", filter=condition, default=0)


def attendance_for(event: Event) -> Attendance:
    """The event's attendance in people. Confirmed and checked-in people come from the
    check-in part's count (``socius.events.checkin.selectors.attendance_for``), so the
    organiser sees the same numbers there and here; registered people are counted here."""
    registered = Registration.objects.filter(event=event).aggregate(n=_people())["n"]
    try:
        from socius.events.checkin.selectors import attendance_for as checkin_attendance
    except ImportError:  # the check-in part is not installed: count the same way here
        counts = Registration.objects.filter(event=event).aggregate(
            confirmed=_people(Q(status=Registration.Status.CONFIRMED)),
            checked_in=_people(Q(checked_in_at__isnull=False)),
        )
        return Attendance(registered=int(registered), **{k: int(v) for k, v in counts.items()})
    theirs = checkin_attendance(event)
    return Attendance(
        registered=int(registered),
        confirmed=int(theirs.confirmed_people),
        checked_in=int(theirs.people),
    )


# --- Open data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A published count: the number, or None with the reason it is not shown."""

    value: int | None
    status: str  # "value", "fewer_than_5" or "complement"


def _cell(count: int, parent: int | None = None) -> Cell:
    """The small-cell rule (core.disclosure) for a count of people, with its complement: a
    count is hidden when it is under 5, or when the people it leaves out of ``parent`` (the
    count it is part of) are between 1 and 4, since subtracting would then show them."""
    if is_small_count(count):
        return Cell(None, "fewer_than_5")
    if parent is not None and parent - count > 0 and is_small_count(parent - count):
        return Cell(None, "complement")
    return Cell(count, "value")


@dataclass(frozen=True)
class AttendanceRow:
    event: Event
    registered: Cell
    confirmed: Cell
    checked_in: Cell


def attendance_list_public(
    *, now: datetime.datetime | None = None, year: int | None = None
) -> QuerySet[Event]:
    """Published events that have ended (those that began in ``year`` when given), newest
    first, each with ``n_registered``, ``n_confirmed`` and ``n_checked_in`` (people) in the
    same query."""
    now = now or timezone.now()
    events = Event.objects.filter(status=Event.Status.PUBLISHED, ends_at__lte=now)
    if year is not None:
        events = events.filter(starts_at__year=year)
    return (
        events.select_related("theme", "space__municipality", "organisation", "municipality")
        .annotate(
            n_registered=Sum("registrations__party_size", default=0),
            n_confirmed=Sum(
                "registrations__party_size",
                filter=Q(registrations__status=Registration.Status.CONFIRMED),
                default=0,
            ),
            n_checked_in=Sum(
                "registrations__party_size",
                filter=Q(registrations__checked_in_at__isnull=False),
                default=0,
            ),
        )
        .order_by("-starts_at", "-id")
    )


def attendance_row(event: Event) -> AttendanceRow:
    """An annotated event (``attendance_list_public``) with the small-cell rule applied."""
    registered, confirmed = int(event.n_registered), int(event.n_confirmed)  # type: ignore[attr-defined]
    checked_in = int(event.n_checked_in)  # type: ignore[attr-defined]
    return AttendanceRow(
        event=event,
        registered=_cell(registered),
        confirmed=_cell(confirmed, registered),
        checked_in=_cell(checked_in, confirmed),
    )


def organiser_kind(event: Event) -> str:
    """Who organised it, as open data says it: think_tank, municipality or organisation."""
    if event.space_id:
        return "municipality"
    if event.organisation_id:
        return "organisation"
    return "think_tank"


def organiser_name(event: Event) -> str:
    if event.space is not None:
        return str(event.space.municipality.name)
    if event.organisation is not None:
        return str(event.organisation.name)
    return "Socius"


# --- The survey's results -----------------------------------------------------------------


@dataclass
class SurveyResults:
    answers: int
    usefulness: list[tuple[int, int]]  # (1..5, count)
    come_again: list[tuple[str, str, int]]  # (value, label, count)
    texts: list[str] = field(default_factory=list)
    invited: int = 0


def survey_results_for(*, event: Event) -> SurveyResults:
    """Counts per answer and the free texts (no names: answers are stored without them), in
    two queries."""
    rows = list(
        SurveyAnswer.objects.filter(event=event).values_list(
            "usefulness", "come_again", "differently"
        )
    )
    useful = Counter(r[0] for r in rows)
    again = Counter(r[1] for r in rows)
    invited = Registration.objects.filter(event=event, followup_survey__isnull=False).count()
    return SurveyResults(
        answers=len(rows),
        usefulness=[(score, useful.get(score, 0)) for score in range(1, 6)],
        come_again=[(v, str(label), again.get(v, 0)) for v, label in SurveyAnswer.Again.choices],
        texts=[r[2] for r in rows if r[2].strip()],
        invited=invited,
    )


# --- The block on the event page -----------------------------------------------------------


@dataclass
class Block:
    started: bool
    ended: bool
    materials: list[Material]
    minutes: Minutes | None
    publication: Any


def block_for(*, event: Event, can_manage: bool, now: datetime.datetime | None = None) -> Block:
    """What the event page shows after the event: materials once it has started, the
    published minutes; organisers also see their drafts' state."""
    now = now or timezone.now()
    started = event.starts_at <= now
    materials = material_list_for(event=event) if started or can_manage else []
    minutes = minutes_for(event=event)
    publication = minutes_publication(minutes=minutes)
    if minutes is not None and not can_manage and publication is None:
        minutes = None
    return Block(
        started=started,
        ended=event.ends_at <= now,
        materials=materials,
        minutes=minutes,
        publication=publication,
    )
