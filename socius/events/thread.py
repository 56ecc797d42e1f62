"""Events on the golden thread: a debate or citizen meeting where an idea was discussed (the
key is the event's slug).

Published and cancelled events resolve for everyone; a draft only for people who may manage
events (``Capability.EVENTS_MANAGE``), as on the event's own page. An organisation's own
contacts are not looked up here (that would cost a query per event): they see the draft on
the event's page. The people who took part are those who registered with an account and still
hold or wait for a seat.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.text import Truncator
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.threads import ORDER_CONVERSATION, StepInfo, StepKind, step_kind_register
from socius.events.models import Event, Registration
from socius.events.selectors import PUBLIC_STATUSES

CANDIDATES = 20
SUMMARY_CHARS = 240
_SLUG_MAX = 120
# Registrations that still count as taking part (not cancelled, left or expired).
TAKING_PART = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITING,
    Registration.Status.OFFERED,
)


def _slugs(keys: Sequence[str]) -> list[str]:
    return [k for k in keys if 0 < len(k) <= _SLUG_MAX]


def events_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """The events among ``keys`` that ``viewer`` may see: one query (and one role check)."""
    found = Event.objects.filter(slug__in=_slugs(keys))
    if viewer is None or not user_can(viewer, Capability.EVENTS_MANAGE):
        found = found.filter(status__in=PUBLIC_STATUSES)
    return {
        e.slug: StepInfo(
            title=e.title,
            url=e.get_absolute_url(),
            status=str(e.get_kind_display())
            + (" · " + str(e.get_status_display()) if e.status != Event.Status.PUBLISHED else ""),
            date=localdate(e.starts_at),
            summary=Truncator(e.summary).chars(SUMMARY_CHARS),
        )
        for e in found
    }


def events_existing(keys: Sequence[str]) -> list[str]:
    """Event slugs among ``keys``, drafts too."""
    return list(Event.objects.filter(slug__in=_slugs(keys)).values_list("slug", flat=True))


def event_participants(keys: Sequence[str]) -> Iterable[int]:
    """People with an account registered for the events ``keys`` (one query)."""
    return (
        Registration.objects.filter(
            event__slug__in=_slugs(keys), user__isnull=False, status__in=TAKING_PART
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def event_candidates(text: str) -> list[tuple[str, str]]:
    """Up to 20 published or cancelled events whose title holds ``text``, newest first."""
    found = Event.objects.filter(status__in=PUBLIC_STATUSES, title__icontains=text.strip())
    return list(found.order_by("-starts_at").values_list("slug", "title")[:CANDIDATES])


step_kind_register(
    StepKind(
        key="event",
        label=gettext_lazy("Event"),
        plural=gettext_lazy("Events"),
        order=ORDER_CONVERSATION,
        resolve=events_for_thread,
        participants=event_participants,
        candidates=event_candidates,
        exists=events_existing,
    )
)
