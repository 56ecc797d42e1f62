"""Demo registrations: the demo's full event filled to capacity, with three on its waiting
list, through the registration services. Called from the events demo (``demo.py``)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from socius.events import services
from socius.events.models import Event

FULL_EVENT_SLUG = "faellesspisning-for-alle"
FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dennis", "Emma", "Frederik", "Gitte", "Hassan",
               "Ida", "Jonas", "Karin", "Lars", "Maja", "Niels", "Olivia", "Peter"]  # fmt: skip


def _events() -> list[Event]:
    """The event named by the agreed slug if the demo has it; else every upcoming published
    event of at most 40 seats. Only events without registrations."""
    published = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=timezone.now())
    if published.filter(slug=FULL_EVENT_SLUG).exists():
        published = published.filter(slug=FULL_EVENT_SLUG)
    else:
        published = published.filter(capacity__lte=40)
    return list(published.filter(registrations__isnull=True).distinct())


def _fill(event: Event) -> int:
    """Confirmed registrations up to capacity, then three on the waiting list."""
    now = timezone.now()
    # Register inside the window even if it has not opened yet in the demo's data.
    when = min(max(now, event.registration_opens_at), event.registration_closes_at)
    when = min(when, event.starts_at - datetime.timedelta(minutes=1))
    n = 0
    while True:
        event.refresh_from_db()
        if event.seats_left == 0 and event.waiting_counter >= 3:
            return n
        name = f"{FIRST_NAMES[n % len(FIRST_NAMES)]} Demo {n + 1}"
        size = 1 if event.seats_left == 0 else min(2, event.seats_left, event.max_party_size)
        services.registration_create(
            actor=AnonymousUser(), event=event, name=name, party_size=size,
            email=f"demo-tilmelding-{event.pk}-{n + 1}@example.dk", now=when,
        )  # fmt: skip
        n += 1


def _citizen_registers() -> list[str]:
    """The demo citizen has a seat at the conference, so "Dine tilmeldinger" shows one."""
    citizen = get_user_model().objects.filter(email="borger@socius.example").first()
    event = Event.objects.filter(kind=Event.Kind.CONFERENCE, status=Event.Status.PUBLISHED).first()
    if citizen is None or event is None or event.registrations.filter(user=citizen).exists():
        return []
    services.registration_create(actor=citizen, event=event, party_size=1)
    return [f"events: borger@socius.example has a seat at {event.title}"]


def registrations_seed() -> list[str]:
    """Idempotent: an event that already has registrations is left alone."""
    lines = []
    for event in _events():
        count = _fill(event)
        lines.append(f"events: {count} demo registrations for {event.title} (full, 3 waiting)")
    return lines + _citizen_registers()
