"""The one door to events an organiser manages.

Who manages an event: for the think tank's and the municipalities' events, people holding
``Capability.EVENTS_MANAGE``; for an organisation's event, also that organisation's contacts
and board (``core.access.user_acts_for_organisation``). A draft event, like any event a person
may not manage, answers 404 to everyone else, so probing slugs reveals nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import user_acts_for_organisation, user_can
from socius.core.roles import Capability
from socius.events.models import Event


def event_can_manage(*, user: Any, event: Event) -> bool:
    """True when ``user`` may edit ``event``, see its registrations' counts and check people in."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user_can(user, Capability.EVENTS_MANAGE):
        return True
    return event.organisation_id is not None and user_acts_for_organisation(
        user, event.organisation_id
    )


def event_for_manage(*, user: Any, slug: str) -> Event:
    """The event ``slug`` for its organiser; 404 for a missing event and for anyone else."""
    event = Event.objects.filter(slug=slug).select_related("space", "organisation").first()
    if event is None or not event_can_manage(user=user, event=event):
        raise Http404
    return event


def event_for_public(*, user: Any, slug: str) -> Event:
    """A published or cancelled event for anyone; a draft only for its organisers (404 else)."""
    event = (
        Event.objects.filter(slug=slug)
        .select_related("theme", "space__municipality", "organisation", "municipality")
        .first()
    )
    if event is None:
        raise Http404
    if event.status == Event.Status.DRAFT and not event_can_manage(user=user, event=event):
        raise Http404
    return event
