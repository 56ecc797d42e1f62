"""The visits part's services: offers and the børneattest rule, bookings and their checks,
answers, cancellations, held visits and evaluations, with the mails each step sends."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.school import selectors_visits as selectors
from socius.school import services_visits as services
from socius.school.models import BookingState, OfferStatus, VisitBooking, VisitEvaluation
from socius.school.tests.school_support import class_make, pupil_make, teacher_make
from socius.school.tests.visits_support import (
    association_make,
    booking_make,
    class_with_pupils,
    fields_make,
    future_day,
    offer_make,
)
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_lists_an_offer_only_with_the_certificate_confirmation():
    org, contact = association_make()
    draft = offer_make(org, contact, confirmed=False, listed=False)
    assert draft.status == OfferStatus.DRAFT
    assert draft.childrens_certificate_confirmed_at is None

    with pytest.raises(ValidationError) as caught:
        services.offer_create(
            actor=contact,
            organisation=org,
            fields=fields_make(title="Uden attest"),
            certificate_confirmed=False,
            listed=True,
        )
    assert "børneattest" in str(caught.value.message_dict["certificate"])
    with pytest.raises(ValidationError):
        services.offer_list(actor=contact, offer=draft)
    assert list(selectors.offer_list_public()) == []

    services.offer_confirm_certificate(actor=contact, offer=draft)
    services.offer_list(actor=contact, offer=draft)
    draft.refresh_from_db()
    assert draft.childrens_certificate_confirmed_by == contact
    assert list(selectors.offer_list_public()) == [draft]


def test_a_confirmation_older_than_12_months_drops_the_offer_from_the_list():
    now = timezone.now()
    offer = offer_make(
        now=now - datetime.timedelta(days=300),
        available_until=timezone.localdate() + datetime.timedelta(days=300),
    )
    assert list(selectors.offer_list_public(now=now)) == [offer]
    later = now + datetime.timedelta(days=70)
    assert list(selectors.offer_list_public(now=later)) == []
    assert not offer.is_bookable(later)
    services.offer_confirm_certificate(actor=offer.contact, offer=offer, now=later)
    assert list(selectors.offer_list_public(now=later)) == [offer]


def test_only_a_contact_person_writes_offers():
    org, _contact = association_make()
    board = UserFactory()
    org.memberships.create(user=board, role="member")
    for actor in (board, UserFactory()):
        with pytest.raises(PermissionDenied):
            services.offer_create(
                actor=actor,
                organisation=org,
                fields=fields_make(),
                certificate_confirmed=True,
                listed=True,
            )
    offer = offer_make(org, _contact)
    with pytest.raises(PermissionDenied):
        services.offer_withdraw(actor=board, offer=offer)


def test_a_booking_goes_from_request_to_evaluations_and_mails_both_sides(
    mailbox, django_capture_on_commit_callbacks
):
    org, contact = association_make()
    offer = offer_make(org, contact)
    school_class = class_with_pupils(10)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_make(offer, school_class, pupils=8, message="Vi glæder os")
    assert [m["To"] for m in mailbox.messages] == [contact.email]
    assert "/medborgerskab/besoeg/mine/" in mailbox.body_of(mailbox.messages[0])
    assert "http" in mailbox.body_of(mailbox.messages[0])

    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_answer(actor=contact, booking=booking, confirm=True)
    assert booking.state == BookingState.CONFIRMED
    assert booking.answered_at
    assert [m["To"] for m in mailbox.messages] == [school_class.teacher.email]

    later = timezone.now() + datetime.timedelta(days=11)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_held(actor=school_class.teacher, booking=booking, now=later)
    assert booking.state == BookingState.HELD
    assert sorted(m["To"] for m in mailbox.messages) == sorted(
        [contact.email, school_class.teacher.email]
    )
    services.evaluation_add(actor=school_class.teacher, booking=booking, score=5, text="Godt")
    services.evaluation_add(actor=contact, booking=booking, score=4)
    with pytest.raises(ValidationError):
        services.evaluation_add(actor=contact, booking=booking, score=3)
    assert VisitEvaluation.objects.filter(booking=booking).count() == 2
    assert selectors.visits_held_count(school_class.school.municipality) == 1
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"school.visits.booking_created", "school.visits.evaluation_added"} <= codes


def test_audit_entries_hold_no_message_text():
    offer = offer_make()
    booking_make(offer, class_with_pupils(), message="Hemmelig besked om Mads")
    assert not AuditEntry.objects.filter(data__icontains="Mads").exists()


def test_either_side_cancels_before_the_day_but_not_on_it():
    org, contact = association_make()
    offer = offer_make(org, contact)
    school_class = class_with_pupils()
    first = booking_make(offer, school_class)
    services.booking_cancel(actor=school_class.teacher, booking=first)
    assert first.state == BookingState.CANCELLED
    # The slot is free again.
    second = booking_make(offer, school_class)
    on_the_day = timezone.now() + datetime.timedelta(days=10)
    with pytest.raises(ValidationError):
        services.booking_cancel(actor=contact, booking=second, now=on_the_day)
    services.booking_cancel(actor=contact, booking=second)
    assert second.state == BookingState.CANCELLED
    with pytest.raises(PermissionDenied):
        services.booking_cancel(actor=UserFactory(), booking=second)


def test_a_declined_booking_cannot_be_confirmed_later():
    org, contact = association_make()
    booking = booking_make(offer_make(org, contact), class_with_pupils())
    services.booking_answer(actor=contact, booking=booking, confirm=False)
    with pytest.raises(ValidationError):
        services.booking_answer(actor=contact, booking=booking, confirm=True)
    with pytest.raises(PermissionDenied):
        services.booking_answer(actor=booking.school_class.teacher, booking=booking, confirm=True)


def test_the_slot_is_taken_once():
    offer = offer_make()
    booking_make(offer, class_with_pupils())
    with pytest.raises(ValidationError) as caught:
        booking_make(offer, class_with_pupils())
    assert "starts_at" in caught.value.message_dict
    assert VisitBooking.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"day": timezone.localdate()}, "day"),
        ({"day": timezone.localdate() - datetime.timedelta(days=3)}, "day"),
        ({"day": timezone.localdate() + datetime.timedelta(days=3650)}, "day"),
        ({"pupils": 31}, "pupils"),
        ({"pupils": 0}, "pupils"),
        ({"pupils": 7}, "pupils"),  # five pupils and the teacher at most
    ],
)
def test_booking_checks_refuse_with_a_field_error(changes, field):
    offer = offer_make()
    with pytest.raises(ValidationError) as caught:
        booking_make(offer, class_with_pupils(5), **changes)
    assert field in caught.value.message_dict
    assert VisitBooking.objects.count() == 0


def test_a_booking_must_fit_the_weekdays_and_grades():
    offer = offer_make(weekdays="0", first_grade=9, last_grade=10)
    tuesday = future_day(10)
    while tuesday.weekday() != 1:
        tuesday += datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        booking_make(offer, class_with_pupils(grade=8), day=tuesday)
    assert {"day", "school_class"} <= set(caught.value.message_dict)


def test_a_teacher_books_only_for_their_own_verified_class():
    offer = offer_make()
    school_class = class_with_pupils()
    other = teacher_make()
    with pytest.raises(PermissionDenied):
        services.booking_create(
            actor=other, offer=offer, school_class=school_class, day=future_day(),
            starts_at=datetime.time(10), pupils=3,
        )  # fmt: skip
    unverified = teacher_make(verified=False)
    own = class_make(teacher=unverified)
    with pytest.raises(PermissionDenied):
        booking_make(offer, own, pupils=1)
    pupil = pupil_make(school_class)
    with pytest.raises(PermissionDenied):
        services.booking_create(
            actor=pupil.user, offer=offer, school_class=school_class, day=future_day(),
            starts_at=datetime.time(10), pupils=1,
        )  # fmt: skip


def test_an_unlisted_offer_cannot_be_booked():
    org, contact = association_make()
    draft = offer_make(org, contact, confirmed=False, listed=False)
    with pytest.raises(ValidationError):
        booking_make(draft, class_with_pupils())
    listed = offer_make(org, contact)
    services.offer_withdraw(actor=contact, offer=listed)
    with pytest.raises(ValidationError):
        booking_make(listed, class_with_pupils())


def test_offer_periods_in_the_past_or_far_ahead_are_refused():
    today = timezone.localdate()
    org, contact = association_make()
    for changes, field in [
        ({"available_until": today - datetime.timedelta(days=1)}, "available_until"),
        ({"available_until": today + datetime.timedelta(days=3000)}, "available_until"),
        ({"available_from": today + datetime.timedelta(days=9), "available_until": today}, "available_until"),
        ({"capacity": 61}, "capacity"),
        ({"first_grade": 10, "last_grade": 7}, "last_grade"),
    ]:  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            offer_make(org, contact, **changes)
        assert field in caught.value.message_dict
