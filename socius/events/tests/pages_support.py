"""Events, speakers and registrations for the calendar, organiser and calendar-file tests."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import secrets
from email.message import EmailMessage
from typing import Any

from django.utils import timezone

from socius.events.models import Event, Registration, Session, SessionSpeaker, Speaker
from socius.tests_support.factories import theme

_numbers = itertools.count(1)


def published(**changes: Any) -> Event:
    """A published event ten days ahead, registration open now, 20 seats."""
    now = timezone.now().replace(second=0, microsecond=0)
    n = next(_numbers)
    fields: dict[str, Any] = {
        "slug": f"arrangement-{n}",
        "kind": Event.Kind.CONFERENCE,
        "status": Event.Status.PUBLISHED,
        "title": f"Konference {n}",
        "summary": "En dag om fællesskaber.",
        "theme": theme(),
        "starts_at": now + datetime.timedelta(days=10),
        "ends_at": now + datetime.timedelta(days=10, hours=3),
        "venue_name": "Dokk1",
        "venue_address": "Hack Kampmanns Plads 2",
        "venue_postcode": "8000",
        "venue_city": "Aarhus C",
        "capacity": 20,
        "registration_opens_at": now - datetime.timedelta(days=1),
        "registration_closes_at": now + datetime.timedelta(days=9),
        "online_url": "https://møde.example/hemmelig-forbindelse",
    }
    fields.update(changes)
    return Event.objects.create(**fields)


def session_with_speaker(event: Event, name: str = "Karen Forsker", **speaker: Any) -> Speaker:
    n = next(_numbers)
    person = Speaker.objects.create(slug=f"taler-{n}", name=name, **speaker)
    session = Session.objects.create(
        event=event,
        title=f"Oplæg {n}",
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(hours=1),
        room="Store sal",
    )
    SessionSpeaker.objects.create(session=session, speaker=person)
    return person


def registration(
    event: Event, *, status: str = Registration.Status.CONFIRMED, **fields: Any
) -> Registration:
    n = next(_numbers)
    data: dict[str, Any] = {
        "name": f"Deltager {n}",
        "email": f"deltager{n}@example.dk",
        "status": status,
        "key_hash": hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
    }
    data.update(fields)
    reg = Registration.objects.create(event=event, **data)
    if status in Registration.HOLDS_SEATS:
        Event.objects.filter(pk=event.pk).update(seats_taken=event.seats_taken + reg.party_size)
        event.refresh_from_db()
    return reg


def calendar_attachment(message: EmailMessage) -> bytes:
    """The iCalendar file attached to a mail."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return bytes(part.get_payload(decode=True))
    raise AssertionError("no calendar attached")


def space(code: str = "751") -> Any:
    """The municipality's space on the platform (made if the test database has none)."""
    from socius.core.models import Municipality, MunicipalSpace

    municipality = Municipality.objects.get(code=code)
    found, _created = MunicipalSpace.objects.get_or_create(
        municipality=municipality,
        defaults={
            "slug": f"kommune-{code}",
            "authority": f"{municipality.name} Kommune",
            "contact_email": f"kontakt{code}@kommune.example",
        },
    )
    return found


def in_english(client: Any) -> None:
    """Ask for the pages in English (the words the tests look for are the message ids)."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
