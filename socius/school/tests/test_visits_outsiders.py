"""Who may not: another organisation's offer is 404 for editing, a non-contact gets 403 on
the pages they know of and 404 on objects, another teacher's class is 404, a pupil cannot
book; and hostile input: dates in the past and far ahead, too many pupils, HTML, forged ids,
with clear errors and nothing saved."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from socius.school.models import BookingState, VisitBooking, VisitOffer
from socius.school.tests.school_support import class_make, pupil_make, teacher_make
from socius.school.tests.visits_support import (
    association_make,
    booking_make,
    class_with_pupils,
    future_day,
    offer_make,
)
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_person_without_an_association_gets_403_on_the_association_pages(english):
    english.force_login(UserFactory())
    assert english.get(reverse("school:offer-create")).status_code == 403
    assert english.get(reverse("school:offer-mine")).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(english):
    offer = offer_make()
    for url in (
        reverse("school:offer-create"),
        reverse("school:offer-mine"),
        reverse("school:booking-create", args=[offer.public_id]),
    ):
        response = english.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_another_organisations_offer_is_404_for_editing_and_answering(english):
    offer = offer_make()
    booking = booking_make(offer, class_with_pupils())
    _org, other_contact = association_make(slug="anden-forening")
    english.force_login(other_contact)
    assert english.get(reverse("school:offer-edit", args=[offer.public_id])).status_code == 404
    assert english.post(reverse("school:offer-withdraw", args=[offer.public_id])).status_code == 404
    assert english.post(reverse("school:offer-confirm", args=[offer.public_id])).status_code == 404
    answer = reverse("school:booking-answer", args=[booking.public_id, "bekraeft"])
    assert english.post(answer).status_code == 404
    assert (
        english.post(reverse("school:booking-cancel", args=[booking.public_id])).status_code == 404
    )
    booking.refresh_from_db()
    assert booking.state == BookingState.REQUESTED


def test_a_draft_is_404_to_everyone_but_its_contacts(english):
    org, contact = association_make()
    draft = offer_make(org, contact, confirmed=False, listed=False)
    url = reverse("school:offer-detail", args=[draft.public_id])
    assert english.get(url).status_code == 404
    english.force_login(UserFactory())
    assert english.get(url).status_code == 404
    english.force_login(contact)
    assert english.get(url).status_code == 200


def test_an_unconfirmed_offer_cannot_be_booked_through_the_page(english):
    org, contact = association_make()
    draft = offer_make(org, contact, confirmed=False, listed=False)
    school_class = class_with_pupils()
    english.force_login(school_class.teacher)
    url = reverse("school:booking-create", args=[draft.public_id])
    assert english.get(url).status_code == 404
    data = {"school_class": str(school_class.public_id), "day": future_day().isoformat(),
            "starts_at": "10:00", "pupils": "3"}  # fmt: skip
    assert english.post(url, data).status_code == 404
    assert not VisitBooking.objects.exists()


def test_another_teachers_class_is_404(english):
    school_class = class_with_pupils()
    booking = booking_make(offer_make(), school_class)
    english.force_login(teacher_make())
    assert (
        english.get(reverse("school:class-visits", args=[school_class.public_id])).status_code
        == 404
    )
    assert (
        english.post(reverse("school:booking-cancel", args=[booking.public_id])).status_code == 404
    )
    url = reverse("school:booking-evaluate", args=[booking.public_id])
    assert english.get(url).status_code == 404


def test_a_pupil_cannot_book_nor_see_another_class(english):
    offer = offer_make()
    school_class = class_with_pupils()
    pupil = pupil_make(school_class, "Ravn")
    english.force_login(pupil.user)
    assert english.get(reverse("school:booking-create", args=[offer.public_id])).status_code == 403
    other = class_make()
    assert english.get(reverse("school:class-visits", args=[other.public_id])).status_code == 404
    booking = booking_make(offer, school_class)
    assert (
        english.post(reverse("school:booking-cancel", args=[booking.public_id])).status_code == 404
    )


def test_an_unverified_teacher_cannot_book(english):
    offer = offer_make()
    english.force_login(teacher_make(verified=False))
    assert english.get(reverse("school:booking-create", args=[offer.public_id])).status_code == 403


def test_forged_ids_are_404(english):
    org, contact = association_make()
    english.force_login(contact)
    forged = uuid.uuid4()
    assert english.get(reverse("school:offer-detail", args=[forged])).status_code == 404
    assert english.get(reverse("school:offer-edit", args=[forged])).status_code == 404
    assert english.post(reverse("school:booking-answer", args=[forged, "afvis"])).status_code == 404
    booking = booking_make(offer_make(org, contact), class_with_pupils())
    bad = reverse("school:booking-answer", args=[booking.public_id, "slet-alt"])
    assert english.post(bad).status_code == 404


def _booking_post(target, **changes):
    data = {"school_class": str(target.public_id), "day": future_day().isoformat(),
            "starts_at": "10:00", "pupils": "4", "message": ""}  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": (timezone.localdate() - datetime.timedelta(days=5)).isoformat()}, "Choose a day after today."),
        ({"day": (timezone.localdate() + datetime.timedelta(days=4000)).isoformat()}, "Choose a day in the period the association offers."),
        ({"day": "31-02-2027"}, "Write a date, for example 2027-03-31."),
        ({"pupils": "40"}, "Book for 1 to 6 pupils"),
        ({"pupils": "lots"}, "Write a whole number."),
        ({"starts_at": "25:99"}, "Write a time, for example 09:30."),
        ({"message": "x" * 1001}, "The text is too long."),
        ({"school_class": str(uuid.uuid4())}, "Choose one of the options."),
    ],
)  # fmt: skip
def test_hostile_booking_input_is_refused_clearly(english, changes, message):
    offer = offer_make()
    school_class = class_with_pupils(5)
    english.force_login(school_class.teacher)
    response = english.post(
        reverse("school:booking-create", args=[offer.public_id]),
        _booking_post(school_class, **changes),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VisitBooking.objects.exists()


def test_another_teachers_class_cannot_be_booked_with_a_forged_id(english):
    offer = offer_make()
    theirs = class_with_pupils()
    english.force_login(teacher_make())
    response = english.post(
        reverse("school:booking-create", args=[offer.public_id]), _booking_post(theirs)
    )
    assert response.status_code == 200
    assert "Choose one of the options." in response.content.decode()
    assert not VisitBooking.objects.exists()


def test_html_in_an_offer_is_shown_as_text(english):
    org, contact = association_make()
    english.force_login(contact)
    today = timezone.localdate()
    data = {
        "organisation": org.pk, "title": "<script>alert(1)</script>",
        "description": "<b>fed</b>", "kind": "class_visit", "place": "Skolen",
        "first_grade": "7", "last_grade": "10", "capacity": "20", "duration_minutes": "60",
        "available_from": today.isoformat(),
        "available_until": (today + datetime.timedelta(days=30)).isoformat(),
        "certificate": "on", "listed": "on",
    }  # fmt: skip
    assert english.post(reverse("school:offer-create"), data).status_code == 302
    page = english.get(reverse("school:offer-list")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capacity": "61"}, "Write a number from 1 to 60."),
        ({"available_until": "1999-01-01"}, "The last day"),
        ({"available_until": "2099-01-01"}, "An offer can run at most two years ahead."),
        ({"first_grade": "6"}, "Choose one of the options."),
        ({"title": "x" * 151}, "The text is too long."),
        ({"organisation": "999999"}, "Choose one of the options."),
    ],
)
def test_hostile_offer_input_is_refused_clearly(english, changes, message):
    org, contact = association_make()
    english.force_login(contact)
    today = timezone.localdate()
    data = {
        "organisation": org.pk, "title": "Besøg", "description": "Tekst", "kind": "class_visit",
        "place": "Skolen", "first_grade": "7", "last_grade": "10", "capacity": "20",
        "duration_minutes": "60", "available_from": today.isoformat(),
        "available_until": (today + datetime.timedelta(days=30)).isoformat(),
        "certificate": "on", "listed": "on",
    }  # fmt: skip
    data.update(changes)
    response = english.post(reverse("school:offer-create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VisitOffer.objects.exists()


def test_another_organisation_cannot_be_chosen(english):
    _org, contact = association_make()
    other, _other_contact = association_make(slug="fremmed")
    english.force_login(contact)
    today = timezone.localdate()
    data = {
        "organisation": other.pk, "title": "Besøg", "description": "Tekst", "kind": "class_visit",
        "place": "Skolen", "first_grade": "7", "last_grade": "10", "capacity": "20",
        "duration_minutes": "60", "available_from": today.isoformat(),
        "available_until": (today + datetime.timedelta(days=30)).isoformat(),
    }  # fmt: skip
    response = english.post(reverse("school:offer-create"), data)
    assert response.status_code == 200
    assert not VisitOffer.objects.exists()
