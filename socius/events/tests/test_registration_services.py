"""Registering, changing and cancelling through the services: seats, limits, refusals."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from socius.core.models import AuditEntry
from socius.events import services
from socius.events.audit_registration import AUDIT_OFFER_MADE
from socius.events.models import Event, Registration
from socius.events.tests.registration_support import event_make, keys_in, question_make
from socius.tests_support.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    """The refusals asserted here are the English texts (the Danish ones are the views')."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db
S = Registration.Status
GUEST = AnonymousUser()


def _guest(event: Event, **kwargs):
    fields = {"name": "Karen Hansen", "email": "karen@example.dk", "party_size": 1}
    fields.update(kwargs)
    return services.registration_create(actor=GUEST, event=event, **fields)


def test_it_confirms_a_guest_and_mails_the_personal_link(
    smtp_server, django_capture_on_commit_callbacks
):
    event = event_make()
    with django_capture_on_commit_callbacks(execute=True):
        registration = _guest(event, party_size=3)
    assert registration.status == S.CONFIRMED
    event.refresh_from_db()
    assert event.seats_taken == 3
    [key] = keys_in(smtp_server)
    assert services.registration_key_read(key) == registration
    # Only the hash is stored.
    assert key not in registration.key_hash
    assert len(registration.key_hash) == 64


def test_an_account_registers_with_its_own_name_and_address():
    user = UserFactory(name="Ole Jensen")
    registration = services.registration_create(
        actor=user, event=event_make(), name="x", email="y@z.dk"
    )
    assert (registration.name, registration.email, registration.user) == (
        "Ole Jensen",
        user.email,
        user,
    )


def test_an_account_registers_once():
    user, event = UserFactory(), event_make()
    services.registration_create(actor=user, event=event)
    with pytest.raises(ValidationError, match="already registered"):
        services.registration_create(actor=user, event=event)


def test_a_cancelled_account_registration_may_register_again():
    user, event = UserFactory(), event_make()
    services.registration_cancel(registration=services.registration_create(actor=user, event=event))
    assert services.registration_create(actor=user, event=event).status == S.CONFIRMED


def test_guests_are_refused_where_an_account_is_needed():
    with pytest.raises(ValidationError, match="log in"):
        _guest(event_make(open_to_guests=False))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"status": Event.Status.DRAFT}, "not published"),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "not opened"),
        (
            {
                "registration_opens_at": timezone.now() - datetime.timedelta(days=3),
                "registration_closes_at": timezone.now() - datetime.timedelta(days=1),
            },
            "closed",
        ),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(hours=1),
                "ends_at": timezone.now() + datetime.timedelta(hours=1),
                "registration_closes_at": timezone.now() + datetime.timedelta(days=1),
            },
            "begun",
        ),
    ],
)
def test_it_refuses_outside_the_window_and_for_events_not_open(changes, message):
    event = event_make(**changes)
    with pytest.raises(ValidationError, match=message):
        _guest(event)
    assert not Registration.objects.exists()


def test_the_party_size_is_limited():
    event = event_make(capacity=5, max_party_size=4)
    with pytest.raises(ValidationError) as exc:
        _guest(event, party_size=5)
    assert "at most 4 people" in str(exc.value)
    with pytest.raises(ValidationError):
        _guest(event, party_size=0)


def test_a_party_bigger_than_all_seats_is_refused_and_bigger_than_seats_left_waits():
    event = event_make(capacity=5, seats_held=2, max_party_size=4)
    with pytest.raises(ValidationError, match="3 seats in all"):
        _guest(event, party_size=4)
    _guest(event, party_size=2)
    waiting = _guest(event, party_size=2)
    assert (waiting.status, waiting.waiting_number) == (S.WAITING, 1)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "Karen\x00", "Karen\nHansen"])
def test_hostile_names_are_refused(name):
    with pytest.raises(ValidationError) as exc:
        _guest(event_make(), name=name)
    assert "name" in exc.value.error_dict


def test_required_questions_are_enforced_and_foreign_answers_ignored():
    event, other = event_make(), event_make()
    question = question_make(event, required=True)
    foreign = question_make(other)
    with pytest.raises(ValidationError) as exc:
        _guest(event, answers={})
    assert f"question_{question.pk}" in exc.value.error_dict
    registration = _guest(event, answers={question.pk: "Cykelstier\nog bænke", foreign.pk: "x"})
    assert [(a.question_id, a.text) for a in registration.answers.all()] == [
        (question.pk, "Cykelstier\nog bænke")
    ]


def test_needs_are_stored_only_with_consent_and_only_when_asked():
    asking = event_make(asks_dietary=True)
    without = _guest(asking, dietary=["vegan"], consent=False)
    assert without.dietary_needs == []
    assert without.needs_consent_at is None
    given = _guest(asking, dietary=["vegan", "made-up"], access=["wheelchair"], consent=True)
    assert given.dietary_needs == ["vegan"]
    assert given.access_needs == []
    assert given.needs_consent_at is not None
    silent = _guest(event_make(), dietary=["vegan"], consent=True)
    assert silent.dietary_needs == []


def test_the_party_may_grow_only_into_free_seats():
    event = event_make(capacity=4)
    registration = _guest(event, party_size=2)
    _guest(event, party_size=1)
    with pytest.raises(ValidationError, match="Only 1 more seat"):
        services.registration_change(registration=registration, party_size=4)
    services.registration_change(registration=registration, party_size=3)
    event.refresh_from_db()
    assert event.seats_taken == 4


def test_a_cancelled_registration_cannot_be_changed():
    registration = services.registration_cancel(registration=_guest(event_make()))
    with pytest.raises(ValidationError, match="no longer active"):
        services.registration_change(registration=registration, party_size=1)


def test_cancel_frees_the_seats_and_mails_a_confirmation(
    smtp_server, django_capture_on_commit_callbacks
):
    event = event_make()
    registration = _guest(event, party_size=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration)
    event.refresh_from_db()
    assert event.seats_taken == 0
    [mail] = smtp_server.messages
    # In the registrant's language (Danish), whatever language the request came in.
    assert mail["Subject"].startswith("Du er afmeldt: ")


def test_a_forged_or_malformed_key_finds_nothing():
    _guest(event_make())
    assert services.registration_key_read("a" * 43) is None
    assert services.registration_key_read("../../etc") is None
    assert services.registration_key_read("") is None


def test_a_persons_own_actions_are_not_audited_but_the_systems_are():
    event = event_make(capacity=1)
    first = _guest(event)
    second = _guest(event, email="ole@example.dk")
    services.registration_change(registration=first, party_size=1)
    services.registration_cancel(registration=first)  # the seat is offered to the second
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [AUDIT_OFFER_MADE]
    services.offer_accept(registration=second)
    services.registration_cancel(registration=second)
    assert AuditEntry.objects.count() == 1


def test_registering_takes_the_events_lock_last_and_few_queries():
    event = event_make()
    question_make(event, required=True)
    question = event.questions.get()
    with CaptureQueriesContext(connection) as queries:
        _guest(event, answers={question.pk: "Gerne vegetar"})
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    locked = next(i for i, s in enumerate(sql) if s.startswith('SELECT "events_event"'))
    # Before the lock: the questions; under it: the event, the row, the answer, the counter.
    assert len(sql) - locked <= 4, sql[locked:]
    assert len(sql) <= 6, sql
    assert not any("core_auditentry" in s or "events_sessionspeaker" in s for s in sql)


def test_a_registration_window_closed_meanwhile_is_seen_under_the_lock():
    event = event_make()
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now())
    with pytest.raises(ValidationError, match="closed"):
        _guest(event, now=timezone.now() + datetime.timedelta(seconds=1))
    assert not Registration.objects.exists()
