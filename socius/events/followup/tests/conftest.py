"""An association's event with two organisers (contacts of the association), a citizen who
took part and an outsider; events and registrations are made with the models directly."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

import pytest
from django.utils import timezone

from socius.core.models import Membership
from socius.core.roles import Role
from socius.events.models import Event, Registration
from socius.tests_support.factories import OrganisationFactory, UserFactory, theme

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def organiser_a(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], name="Anna Arrangør")


@pytest.fixture
def organiser_b(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], name="Bo Bestyrelse")


@pytest.fixture
def organisation(organiser_a: Any, organiser_b: Any) -> Any:
    org = OrganisationFactory(contact=organiser_a)
    Membership.objects.create(organisation=org, user=organiser_b, role=Membership.Role.BOARD_MEMBER)
    return org


def event_make(
    *,
    organisation: Any = None,
    slug: str = "dialogmoede",
    kind: str = Event.Kind.CITIZEN_MEETING,
    starts_in: datetime.timedelta = datetime.timedelta(days=-2),
    status: str = Event.Status.PUBLISHED,
    title: str = "Dialogmøde om boligsociale indsatser",
) -> Event:
    starts = timezone.now() + starts_in
    return Event.objects.create(
        slug=slug,
        kind=kind,
        status=status,
        title=title,
        summary="Et møde om naboskab.",
        theme=theme(),
        organisation=organisation,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_name="Medborgerhuset",
        capacity=100,
        registration_opens_at=starts - datetime.timedelta(days=30),
        registration_closes_at=starts - datetime.timedelta(hours=1),
    )


def registration_make(
    event: Event,
    *,
    name: str = "Gæst",
    email: str = "",
    user: Any = None,
    status: str = Registration.Status.CONFIRMED,
    party_size: int = 1,
    checked_in: bool = False,
) -> Registration:
    return Registration.objects.create(
        event=event,
        user=user,
        name=name,
        email=email or f"{secrets.token_hex(4)}@example.dk",
        party_size=party_size,
        status=status,
        key_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        checked_in_at=timezone.now() if checked_in else None,
    )


@pytest.fixture
def event(organisation: Any) -> Event:
    """An association's citizen meeting that ended two days ago."""
    return event_make(organisation=organisation)


@pytest.fixture(autouse=True)
def _english_pages(client: Any, settings: Any) -> None:
    """Pages in English, so the tests read the message ids themselves (the Danish catalogue
    is checked by the project's translation check)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
