"""The one door to an event's live debate.

The audience page and the screen are public for a published or cancelled event that has a
conversation; a draft event's debate answers 404 to everyone but its organisers, as the event
page does (``events.access.event_can_manage``), and so does an event without a conversation:
a slug reveals nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.events.access import event_can_manage
from socius.events.models import Event


def live_event_for_public(*, user: Any, slug: str) -> Event:
    """The event ``slug`` with its conversation (one query); 404 as described above."""
    event = (
        Event.objects.filter(slug=slug, conversation__isnull=False)
        .select_related("conversation")
        .first()
    )
    return _visible(user, event)


def live_event_for_vote(*, user: Any, slug: str) -> Event:
    """As ``live_event_for_public``, reading only what a vote needs (the event's slug, status
    and organiser, the conversation's id): the vote is the debate's busiest request, and
    reading and building the two full rows was a good part of its cost. Other fields are
    deferred (reading one would cost a query; the vote's query-count test guards that)."""
    event = (
        Event.objects.filter(slug=slug, conversation__isnull=False)
        .select_related("conversation")
        .only("slug", "status", "organisation", "conversation__id")
        .first()
    )
    return _visible(user, event)


def _visible(user: Any, event: Event | None) -> Event:
    if event is None:
        raise Http404
    if event.status == Event.Status.DRAFT and not event_can_manage(user=user, event=event):
        raise Http404
    return event
