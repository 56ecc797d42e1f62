"""Events, organisers and registrations for the check-in tests (made with the models)."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import secrets
from typing import Any

from django.utils import timezone

from socius.events.models import Event, Registration
from socius.tests_support.factories import OrganisationFactory, UserFactory, theme

_numbers = itertools.count(1)


def organiser_make() -> Any:
    """A contact of an organisation (manages that organisation's events; no staff role)."""
    return UserFactory()


def event_make(*, organiser: Any | None = None, **changes: Any) -> Event:
    """A published event of ``organiser``'s organisation, starting in an hour."""
    now = timezone.now()
    n = next(_numbers)
    organisation = OrganisationFactory(contact=organiser) if organiser else None
    fields: dict[str, Any] = {
        "slug": f"indtjek-{n}",
        "kind": Event.Kind.ASSOCIATION,
        "status": Event.Status.PUBLISHED,
        "title": f"Foreningsmøde {n}",
        "summary": "Et møde for medlemmerne.",
        "theme": theme(),
        "organisation": organisation,
        "starts_at": now + datetime.timedelta(hours=1),
        "ends_at": now + datetime.timedelta(hours=3),
        "venue_name": "Medborgerhuset",
        "capacity": 100,
        "registration_opens_at": now - datetime.timedelta(days=10),
        "registration_closes_at": now,
    }
    fields.update(changes)
    return Event.objects.create(**fields)


def registration_make(
    event: Event,
    *,
    name: str = "Anna Jensen",
    party_size: int = 1,
    status: str = Registration.Status.CONFIRMED,
) -> Registration:
    n = next(_numbers)
    return Registration.objects.create(
        event=event,
        name=name,
        email=f"gaest{n}@example.dk",
        party_size=party_size,
        status=status,
        key_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
    )


def later(minutes: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)
