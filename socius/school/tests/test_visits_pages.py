"""The visits part's pages through the test client: the public list and its filters, an
association's offers, a teacher's booking and the class's visits, with the query-count guard
on the list and the pupils' view of their class's visits. Read in English (the language
cookie), so the assertions read the message ids."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from socius.school import services_visits as services
from socius.school.models import BookingState, OfferStatus, VisitBooking, VisitOffer
from socius.school.tests.school_support import pupil_make
from socius.school.tests.visits_support import (
    association_make,
    booking_make,
    class_with_pupils,
    future_day,
    offer_make,
)
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _offer_post(org, **changes):
    today = timezone.localdate()
    data = {
        "organisation": org.pk,
        "title": "Mød foreningen",
        "description": "Vi fortæller om foreningslivet.",
        "kind": "class_visit",
        "place": "På skolen",
        "first_grade": "7",
        "last_grade": "9",
        "capacity": "25",
        "duration_minutes": "60",
        "available_from": today.isoformat(),
        "available_until": (today + datetime.timedelta(days=90)).isoformat(),
        "weekdays": ["0", "2"],
        "certificate": "on",
        "listed": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_it_lists_offers_without_the_contacts_address(english):
    offer = offer_make()
    offer_make(offer.organisation, offer.contact, confirmed=False, listed=False, title="Kladden")
    response = english.get(reverse("school:offer-list"))
    assert response.status_code == 200
    text = response.content.decode()
    assert offer.title in text
    assert "Kladden" not in text
    assert offer.contact.email not in text
    detail = english.get(reverse("school:offer-detail", args=[offer.public_id]))
    assert detail.status_code == 200
    assert offer.contact.email not in detail.content.decode()
    assert "børneattest" in detail.content.decode()


def test_the_list_filters_by_municipality_grade_and_kind(english):
    aarhus = offer_make(title="Aarhus-besøg", first_grade=9, last_grade=10)
    org, contact = association_make(municipality=None)
    elsewhere = offer_make(org, contact, title="Uden kommune", kind="placement")
    url = reverse("school:offer-list")
    assert aarhus.title in english.get(url, {"municipality": "751"}).content.decode()
    assert elsewhere.title not in english.get(url, {"municipality": "751"}).content.decode()
    assert aarhus.title not in english.get(url, {"grade": "7"}).content.decode()
    assert elsewhere.title in english.get(url, {"kind": "placement"}).content.decode()
    assert english.get(url, {"grade": "<script>", "kind": "x" * 500}).status_code == 200


def test_the_offer_list_keeps_its_number_of_queries(english, django_assert_max_num_queries):
    offer_make()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        english.get(reverse("school:offer-list"))
    for n in range(12):
        org, contact = association_make(name=f"Forening {n}", slug=f"forening-x{n}")
        offer_make(org, contact, title=f"Tilbud {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        english.get(reverse("school:offer-list"))


def test_the_associations_page_keeps_its_number_of_queries(english, django_assert_max_num_queries):
    org, contact = association_make()
    booking_make(offer_make(org, contact), class_with_pupils())
    english.force_login(contact)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        english.get(reverse("school:offer-mine"))
    for n in range(5):
        booking_make(offer_make(org, contact, title=f"T{n}"), class_with_pupils())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert english.get(reverse("school:offer-mine")).status_code == 200


def test_a_contact_creates_a_listed_offer_and_a_draft(english):
    org, contact = association_make()
    english.force_login(contact)
    assert english.get(reverse("school:offer-create")).status_code == 200
    response = english.post(reverse("school:offer-create"), _offer_post(org))
    assert response.status_code == 302
    offer = VisitOffer.objects.get()
    assert offer.status == OfferStatus.LISTED
    assert offer.weekdays == "02"
    assert offer.childrens_certificate_confirmed_by == contact

    response = english.post(
        reverse("school:offer-create"),
        _offer_post(org, title="Kladde", certificate=None, listed=None),
    )
    assert response.status_code == 302
    assert VisitOffer.objects.get(title="Kladde").status == OfferStatus.DRAFT


def test_listing_without_the_certificate_says_why_and_saves_nothing(english):
    org, contact = association_make()
    english.force_login(contact)
    response = english.post(reverse("school:offer-create"), _offer_post(org, certificate=None))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Confirm that everyone who meets the pupils has a børneattest" in text
    assert 'value="Mød foreningen"' in text  # what was typed is kept
    assert not VisitOffer.objects.exists()


def test_the_edit_page_renews_nothing_but_can_withdraw(english):
    org, contact = association_make()
    offer = offer_make(org, contact)
    english.force_login(contact)
    url = reverse("school:offer-edit", args=[offer.public_id])
    assert english.get(url).status_code == 200
    response = english.post(url, _offer_post(org, title="Nyt navn", listed=None))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Nyt navn"
    assert offer.status == OfferStatus.DRAFT
    english.post(reverse("school:offer-withdraw", args=[offer.public_id]))
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN


def test_a_teacher_books_and_the_contact_confirms(english):
    org, contact = association_make()
    offer = offer_make(org, contact)
    school_class = class_with_pupils(10)
    english.force_login(school_class.teacher)
    url = reverse("school:booking-create", args=[offer.public_id])
    assert english.get(url).status_code == 200
    response = english.post(
        url,
        {
            "school_class": str(school_class.public_id),
            "day": future_day(12).isoformat(),
            "starts_at": "09:30",
            "pupils": "9",
            "message": "Vi kommer med cykel",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("school:class-visits", args=[school_class.public_id])
    booking = VisitBooking.objects.get()
    page = english.get(response["Location"]).content.decode()
    assert offer.title in page
    assert "Waiting for an answer" in page

    english.force_login(contact)
    page = english.get(reverse("school:offer-mine")).content.decode()
    assert "Vi kommer med cykel" in page
    english.post(reverse("school:booking-answer", args=[booking.public_id, "bekraeft"]))
    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED


def test_pupils_see_only_confirmed_and_held_visits(english):
    org, contact = association_make()
    school_class = class_with_pupils()
    waiting = booking_make(offer_make(org, contact, title="Venter"), school_class)
    confirmed = booking_make(offer_make(org, contact, title="Aftalt"), school_class)
    services.booking_answer(actor=contact, booking=confirmed, confirm=True)
    pupil = pupil_make(school_class, "Ugle")
    english.force_login(pupil.user)
    page = english.get(reverse("school:class-visits", args=[school_class.public_id]))
    text = page.content.decode()
    assert "Aftalt" in text
    assert waiting.offer.title not in text
    assert "Cancel" not in text


def test_cancel_and_evaluate_from_the_class_page(english):
    org, contact = association_make()
    school_class = class_with_pupils()
    booking = booking_make(offer_make(org, contact), school_class)
    english.force_login(school_class.teacher)
    english.post(reverse("school:booking-cancel", args=[booking.public_id]))
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED

    held = booking_make(offer_make(org, contact, title="Holdt"), school_class)
    services.booking_answer(actor=contact, booking=held, confirm=True)
    services.booking_held(
        actor=None, booking=held, now=timezone.now() + datetime.timedelta(days=20)
    )
    url = reverse("school:booking-evaluate", args=[held.public_id])
    assert english.get(url).status_code == 200
    response = english.post(url, {"score": "4", "text": "Fin dag"})
    assert response.status_code == 302
    assert "Thank you. You gave the visit 4 out of 5." in english.get(url).content.decode()


def test_another_organisations_contact_is_not_a_contact_here(english):
    org, contact = association_make()
    OrganisationFactory(contact=UserFactory())
    english.force_login(contact)
    assert english.get(reverse("school:offer-mine")).status_code == 200
