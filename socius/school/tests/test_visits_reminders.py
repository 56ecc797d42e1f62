"""The daily run: a reminder to both sides the day before, sent once however often the
command runs; visits of past days marked held with an invitation to evaluate; pupils never
get mail. Also the demo content, seeded twice."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from socius.school import services_visits as services
from socius.school.models import BookingState, VisitBooking
from socius.school.tests.school_support import pupil_make
from socius.school.tests.visits_support import (
    association_make,
    booking_make,
    class_with_pupils,
    offer_make,
)

pytestmark = pytest.mark.django_db


def _confirmed(days: int):
    org, contact = association_make()
    school_class = class_with_pupils()
    booking = booking_make(
        offer_make(org, contact),
        school_class,
        day=timezone.localdate() + datetime.timedelta(days=days),
    )
    services.booking_answer(actor=contact, booking=booking, confirm=True)
    return booking, contact, school_class


def test_reminders_go_to_both_sides_once(mailbox, django_capture_on_commit_callbacks):
    booking, contact, school_class = _confirmed(1)
    pupil_make(school_class, "Odder")
    mailbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("school_visit_reminders", "--quiet", stdout=out)
    assert "1 reminded, 0 marked held." in out.getvalue()
    assert sorted(m["To"] for m in mailbox.messages) == sorted(
        [contact.email, school_class.teacher.email]
    )
    assert all("invalid" not in m["To"] for m in mailbox.messages)
    body = mailbox.body_of(mailbox.messages[0])
    assert "http://" in body or "https://" in body
    booking.refresh_from_db()
    assert booking.reminded_at is not None

    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("school_visit_reminders", "--quiet", stdout=io.StringIO())
    assert mailbox.messages == []


def test_the_reminder_is_in_the_recipients_language(mailbox, django_capture_on_commit_callbacks):
    booking, contact, school_class = _confirmed(1)
    contact.language = "en"
    contact.save(update_fields=["language"])
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_reminders_send()
    to_contact = next(m for m in mailbox.messages if m["To"] == contact.email)
    assert to_contact["Subject"].startswith("Tomorrow:")


def test_a_past_visit_is_marked_held_and_both_sides_invited(
    mailbox, django_capture_on_commit_callbacks
):
    booking, contact, school_class = _confirmed(3)
    later = timezone.now() + datetime.timedelta(days=5)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.visit_reminders_send(now=later)
    assert counts == {"reminded": 0, "held": 1}
    booking.refresh_from_db()
    assert booking.state == BookingState.HELD
    assert booking.evaluation_invited_at
    assert len(mailbox.messages) == 2
    assert "/evaluering/" in mailbox.body_of(mailbox.messages[0])
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.visit_reminders_send(now=later) == {"reminded": 0, "held": 0}
    assert mailbox.messages == []


def test_waiting_and_cancelled_bookings_get_no_reminder(
    mailbox, django_capture_on_commit_callbacks
):
    org, contact = association_make()
    offer = offer_make(org, contact)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    booking_make(offer, class_with_pupils(), day=tomorrow)
    cancelled = booking_make(offer, class_with_pupils(), day=tomorrow, starts_at=datetime.time(13))
    services.booking_cancel(
        actor=contact, booking=cancelled, now=timezone.now() - datetime.timedelta(days=1)
    )
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.visit_reminders_send() == {"reminded": 0, "held": 0}
    assert mailbox.messages == []


def test_the_command_can_queue_the_task():
    out = io.StringIO()
    call_command("school_visit_reminders", "--queue", stdout=out)
    assert "Queued task" in out.getvalue()


def test_the_demo_is_seeded_once():
    from socius.core.demo import demo_seed as core_seed
    from socius.school.demo_classes import demo_seed as classes_seed
    from socius.school.demo_visits import demo_seed

    core_seed()
    classes_seed()
    assert demo_seed()
    demo_seed()
    assert VisitBooking.objects.filter(state=BookingState.HELD).count() == 1
    assert VisitBooking.objects.filter(state=BookingState.CONFIRMED).count() == 1
    held = VisitBooking.objects.get(state=BookingState.HELD)
    assert held.evaluations.count() == 2
