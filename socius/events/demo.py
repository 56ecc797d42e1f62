"""Danish demo content for events (idempotent): a conference with a programme and speakers, a
debate on the demo conversation, a citizen meeting in Aarhus, an association's workshop and a
full community dinner with a waiting list ("Fællesspisning for alle"). Dated from today, so
they stay upcoming."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Municipality, MunicipalSpace, Organisation, Theme
from socius.deliberation.models import Conversation
from socius.events import services_events as services
from socius.events.models import Event, Speaker

if TYPE_CHECKING:
    from socius.accounts.models import User

TZ = zoneinfo.ZoneInfo("Europe/Copenhagen")
CONFERENCE = "Konference: Fællesskaber mod ensomhed"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _event(actor: User, *, days: int, start: int, end: int, **fields: Any) -> Event:
    defaults: dict[str, Any] = {
        "starts_at": _at(days, start),
        "ends_at": _at(days, end),
        "registration_opens_at": timezone.now() - datetime.timedelta(days=1),
        "registration_closes_at": _at(days, start) - datetime.timedelta(hours=2),
        "capacity": 80,
        "step_free": True,
        "accessible_toilet": True,
    }
    event = services.event_create(actor=actor, **{**defaults, **fields})
    return services.event_publish(actor=actor, event=event)


def _speakers(actor: User) -> list[Speaker]:
    researcher = get_user_model().objects.filter(email="forsker@socius.example").first()
    return [
        services.speaker_create(
            actor=actor,
            name="Karen Forsker",
            affiliation="Seniorforsker, Socius Tænketank",
            bio="Forsker i ensomhed og fællesskaber blandt unge og ældre.",
            user=researcher,
        ),
        services.speaker_create(
            actor=actor,
            name="Henrik Lund",
            affiliation="Formand, Fællesskabshuset Aarhus Vest",
            bio="Har drevet spisefællesskaber i Gellerup i ti år.",
        ),
        services.speaker_create(
            actor=actor,
            name="Maria Nørgaard",
            affiliation="Journalist",
            bio="Ordstyrer ved debatter om velfærd og lokalsamfund.",
        ),
    ]


def _conference(actor: User, speakers: list[Speaker]) -> Event:
    event = _event(
        actor,
        days=21,
        start=9,
        end=16,
        kind=Event.Kind.CONFERENCE,
        title=CONFERENCE,
        summary="En dag om, hvad der virker mod ensomhed: ny viden, erfaringer fra foreninger "
        "og kommuner, og workshops.",
        description="Vi præsenterer ny viden om ensomhed og drøfter, hvad kommuner og "
        "foreninger kan gøre sammen. Der er frokost og kaffe.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        venue_name="Dokk1",
        venue_address="Hack Kampmanns Plads 2",
        venue_postcode="8000",
        venue_city="Aarhus C",
        municipality=Municipality.objects.get(code="751"),
        hearing_loop=True,
        sign_language_on_request=True,
        capacity=150,
        seats_held=10,
        asks_dietary=True,
        asks_access=True,
    )
    programme = (
        ("Velkommen og ny viden om ensomhed", 9, 10, "Store sal", [(speakers[0], "speaker")]),
        ("Erfaringer fra spisefællesskaber", 10, 11, "Store sal", [(speakers[1], "speaker")]),
        ("Panel: Hvem har ansvaret?", 13, 14, "Store sal",
         [(speakers[2], "moderator"), (speakers[0], "panellist"), (speakers[1], "panellist")]),
    )  # fmt: skip
    for title, start, end, room, people in programme:
        services.session_create(
            actor=actor,
            event=event,
            title=title,
            starts_at=_at(21, start),
            ends_at=_at(21, end),
            room=room,
            speakers=people,
        )
    services.question_create(actor=actor, event=event, text="Hvilken workshop vil du helst?")
    return event


def demo_seed() -> list[str]:
    editor = get_user_model().objects.filter(email="redaktoer@socius.example").first()
    if editor is None or Event.objects.filter(title=CONFERENCE).exists():
        return []
    speakers = _speakers(editor)
    _conference(editor, speakers)
    conversation = Conversation.objects.filter(title="Ensomhed blandt unge").first()
    debate = _event(
        editor,
        days=10,
        start=19,
        end=21,
        kind=Event.Kind.DEBATE,
        title="Debat: Ensomhed blandt unge",
        summary="Politikere og unge debatterer, og salen stemmer live om udsagnene.",
        theme=Theme.objects.get(slug="boern-og-unge"),
        venue_name="Kulturhuset Islands Brygge",
        venue_address="Islands Brygge 18",
        venue_postcode="2300",
        venue_city="København S",
        municipality=Municipality.objects.get(code="101"),
        conversation=conversation if conversation and conversation.is_open else None,
        capacity=120,
    )
    services.session_create(
        actor=editor, event=debate, title="Paneldebat", starts_at=debate.starts_at,
        ends_at=debate.ends_at, room="Salen", speakers=[(speakers[2], "moderator")],
    )  # fmt: skip
    space = MunicipalSpace.objects.filter(municipality__code="751").first()
    _event(
        editor,
        days=14,
        start=17,
        end=19,
        kind=Event.Kind.CITIZEN_MEETING,
        title="Borgermøde: Fremtidens fællesskaber i Aarhus",
        summary="Kom og fortæl kommunen, hvad der skal til for at flere finder et fællesskab.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        space=space,
        venue_name="Gellerup Bibliotek",
        venue_address="Dortesvej 43",
        venue_postcode="8220",
        venue_city="Brabrand",
        municipality=Municipality.objects.get(code="751"),
        sign_language_on_request=True,
        capacity=60,
    )
    association = Organisation.objects.filter(name="Fællesskabshuset Aarhus Vest").first()
    _event(
        editor,
        days=30,
        start=10,
        end=13,
        kind=Event.Kind.WORKSHOP,
        title="Workshop: Sådan starter I et spisefællesskab",
        summary="Praktiske råd om lokaler, økonomi og at få nye med.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        organisation=association,
        venue_name="Fællesskabshuset",
        venue_address="Gudrunsvej 20",
        venue_postcode="8220",
        venue_city="Brabrand",
        municipality=Municipality.objects.get(code="751"),
        capacity=25,
    )
    # The full event: the registration demo fills it and puts three on its waiting list.
    _event(
        editor,
        days=7,
        start=17,
        end=20,
        kind=Event.Kind.ASSOCIATION,
        title="Fællesspisning for alle",
        summary="Vi laver mad sammen og spiser sammen. Alle er velkomne, men der er få pladser.",
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        organisation=association,
        venue_name="Fællesskabshuset",
        venue_address="Gudrunsvej 20",
        venue_postcode="8220",
        venue_city="Brabrand",
        municipality=Municipality.objects.get(code="751"),
        capacity=12,
        max_party_size=2,
        asks_dietary=True,
    )
    # Every event has a programme; the meetings ask one question at registration.
    for event in Event.objects.filter(sessions__isnull=True):
        services.session_create(
            actor=editor,
            event=event,
            title="Velkomst, og hvad vi skal i dag",
            starts_at=event.starts_at,
            ends_at=min(event.starts_at + datetime.timedelta(minutes=30), event.ends_at),
            room="",
            speakers=[],
        )
    for event in Event.objects.filter(kind__in=[Event.Kind.CITIZEN_MEETING, Event.Kind.WORKSHOP]):
        services.question_create(
            actor=editor, event=event, text="Er der noget, du gerne vil have, at vi tager op?"
        )
    lines = ["Events: a conference, a debate, a citizen meeting, a workshop and a full dinner."]
    try:
        from socius.events.demo_registrations import registrations_seed
    except ImportError:
        return lines
    return lines + list(registrations_seed() or [])
