"""Test data of the visits part: an association with a contact person, offers and bookings."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from socius.core.models import Organisation
from socius.school import services_visits as services
from socius.school.models import SchoolClass, VisitBooking, VisitKind, VisitOffer
from socius.school.tests.school_support import class_make, pupil_make
from socius.tests_support.factories import OrganisationFactory, UserFactory


def association_make(**fields: Any) -> tuple[Organisation, Any]:
    """An association in Aarhus and its contact person."""
    contact = UserFactory(name=fields.pop("contact_name", "Kim Kontakt"))
    return OrganisationFactory(contact=contact, **fields), contact


def fields_make(**changes: Any) -> services.OfferFields:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Besøg i foreningen",
        "description": "Eleverne møder de frivillige og hører om foreningen.",
        "kind": VisitKind.AT_ASSOCIATION,
        "place": "Foreningshuset, Gudrunsvej 10, Aarhus",
        "first_grade": 7,
        "last_grade": 10,
        "capacity": 30,
        "duration_minutes": 90,
        "available_from": today,
        "available_until": today + datetime.timedelta(days=120),
        "weekdays": "",
    }
    values.update(changes)
    return services.OfferFields(**values)


def offer_make(
    organisation: Organisation | None = None,
    contact: Any = None,
    *,
    confirmed: bool = True,
    listed: bool = True,
    now: datetime.datetime | None = None,
    **changes: Any,
) -> VisitOffer:
    if organisation is None:
        organisation, contact = association_make()
    return services.offer_create(
        actor=contact,
        organisation=organisation,
        fields=fields_make(**changes),
        certificate_confirmed=confirmed,
        listed=listed and confirmed,
        now=now,
    )


def class_with_pupils(n: int = 5, **fields: Any) -> SchoolClass:
    school_class = class_make(**fields)
    for i in range(n):
        pupil_make(school_class, f"Elev{i}")
    return school_class


def future_day(days: int = 10) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def booking_make(
    offer: VisitOffer,
    school_class: SchoolClass,
    *,
    day: datetime.date | None = None,
    starts_at: datetime.time = datetime.time(10, 0),
    pupils: int = 5,
    **kw: Any,
) -> VisitBooking:
    return services.booking_create(
        actor=school_class.teacher,
        offer=offer,
        school_class=school_class,
        day=day or future_day(),
        starts_at=starts_at,
        pupils=pupils,
        **kw,
    )
