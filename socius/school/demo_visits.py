"""Demo content of the visits part (idempotent): two listed offers by Fællesskabshuset Aarhus
Vest with the børneattest confirmation, one draft without it, a confirmed visit for the demo
class next month and a visit held last month with both sides' evaluations."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core.models import Organisation
from socius.school import services_visits as services
from socius.school.demo_classes import demo_class
from socius.school.models import VisitKind, VisitOffer

ORGANISATION = "Fællesskabshuset Aarhus Vest"
CONTACT = "frivillig@socius.example"
WEEKDAYS = "0123"  # Monday to Thursday

OFFERS = [
    (
        "Lektiecafé: hvordan driver man en forening?",
        "Klassen besøger vores lektiecafé. Frivillige fortæller, hvordan en forening bliver til, "
        "hvem der bestemmer, og hvordan man får penge fra kommunen. Eleverne hjælper til en time.",
        VisitKind.AT_ASSOCIATION,
        "Fællesskabshuset, Gudrunsvej 10, 8220 Brabrand",
        True,
    ),
    (
        "Vi kommer ud på skolen: fællesskab mod ensomhed",
        "To frivillige kommer på besøg i klassen. Vi taler om ensomhed blandt unge, og eleverne "
        "laver et lille forslag til, hvad deres by kan gøre.",
        VisitKind.CLASS_VISIT,
        "På skolen",
        True,
    ),
    (
        "Praktik i spisefællesskabet (kladde)",
        "To dage i køkkenet i vores spisefællesskab. Kladde: vi mangler at indhente børneattester.",
        VisitKind.PLACEMENT,
        "Fællesskabshuset, Gudrunsvej 10, 8220 Brabrand",
        False,
    ),
]


def _weekday_near(day: datetime.date) -> datetime.date:
    while str(day.weekday()) not in WEEKDAYS:
        day += datetime.timedelta(days=1)
    return day


def demo_seed() -> list[str]:
    organisation = Organisation.objects.filter(name=ORGANISATION).first()
    contact = get_user_model().objects.filter(email=CONTACT).first()
    if organisation is None or contact is None:
        return ["Medborgerskab visits: skipped (the demo association is missing)"]
    now = timezone.now()
    today = timezone.localdate(now)
    started = now - datetime.timedelta(days=60)
    offers: list[VisitOffer] = []
    for title, description, kind, place, confirmed in OFFERS:
        offer = VisitOffer.objects.filter(organisation=organisation, title=title).first()
        if offer is None:
            offer = services.offer_create(
                actor=contact,
                organisation=organisation,
                fields=services.OfferFields(
                    title=title,
                    description=description,
                    kind=kind,
                    place=place,
                    first_grade=7,
                    last_grade=10,
                    capacity=30,
                    duration_minutes=90 if kind != VisitKind.PLACEMENT else 8 * 60,
                    available_from=today - datetime.timedelta(days=60),
                    available_until=today + datetime.timedelta(days=300),
                    weekdays=WEEKDAYS,
                ),
                certificate_confirmed=confirmed,
                listed=confirmed,
                now=started,
            )
        offers.append(offer)
    _seed_bookings(offers[0], offers[1], contact, now, started)
    return [
        f"Medborgerskab visits: {len(offers)} offers by {ORGANISATION} (contact {CONTACT}), "
        "a confirmed visit next month and a held visit last month for 8.B"
    ]


def _seed_bookings(
    held_offer: VisitOffer,
    coming_offer: VisitOffer,
    contact: Any,
    now: datetime.datetime,
    started: datetime.datetime,
) -> None:
    school_class = demo_class()
    if school_class.visit_bookings.exists():
        return
    teacher = school_class.teacher
    today = timezone.localdate(now)
    pupils = max(1, min(20, school_class.pupils.count()))
    past = services.booking_create(
        actor=teacher,
        offer=held_offer,
        school_class=school_class,
        day=_weekday_near(today - datetime.timedelta(days=30)),
        starts_at=datetime.time(10, 0),
        pupils=pupils,
        message="Vi glæder os til at høre om foreningslivet.",
        now=started,
    )
    services.booking_answer(actor=contact, booking=past, confirm=True, now=started)
    services.booking_held(actor=None, booking=past, now=now)
    services.evaluation_add(
        actor=teacher,
        booking=past,
        score=5,
        text="Eleverne fik et godt indblik i, hvordan en forening fungerer.",
    )
    services.evaluation_add(
        actor=contact,
        booking=past,
        score=4,
        text="En nysgerrig klasse med gode spørgsmål.",
    )
    coming = services.booking_create(
        actor=teacher,
        offer=coming_offer,
        school_class=school_class,
        day=_weekday_near(today + datetime.timedelta(days=30)),
        starts_at=datetime.time(9, 30),
        pupils=pupils,
        now=now,
    )
    services.booking_answer(actor=contact, booking=coming, confirm=True, now=now)
