"""Events and registrations for the registration and waiting-list tests."""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

from django.utils import timezone

from socius.events.models import Event, Question
from socius.tests_support.factories import theme

_numbers = itertools.count(1)
LINK = re.compile(r"https?://\S+/arrangementer/tilmelding/([A-Za-z0-9_-]{43})/")


def event_make(**changes: Any) -> Event:
    """A published event a week ahead, registration open now, 10 seats."""
    now = timezone.now()
    n = next(_numbers)
    fields: dict[str, Any] = {
        "slug": f"moede-{n}",
        "kind": Event.Kind.CITIZEN_MEETING,
        "status": Event.Status.PUBLISHED,
        "title": f"Borgermøde {n}",
        "summary": "Et møde om byens fremtid.",
        "theme": theme(),
        "starts_at": now + datetime.timedelta(days=7),
        "ends_at": now + datetime.timedelta(days=7, hours=2),
        "venue_name": "Rådhuset",
        "capacity": 10,
        "registration_opens_at": now - datetime.timedelta(days=1),
        "registration_closes_at": now + datetime.timedelta(days=6),
    }
    fields.update(changes)
    return Event.objects.create(**fields)


def question_make(
    event: Event, text: str = "Hvad vil du gerne tale om?", *, required: bool = False
) -> Question:
    return Question.objects.create(event=event, text=text, required=required)


def keys_in(smtp_server: Any) -> list[str]:
    """The personal keys in every mail sent so far, in order."""
    keys = []
    for message in smtp_server.messages:
        keys += LINK.findall(smtp_server.body_of(message))
    return keys
