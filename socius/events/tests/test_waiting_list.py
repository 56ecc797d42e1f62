"""The waiting list: offers when seats free, expiry with the clock moved, accepting, leaving,
the organiser's moves, and the seat counter under random sequences of operations."""

from __future__ import annotations

import datetime
import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from socius.core.models import AuditEntry
from socius.events import services
from socius.events.audit_registration import AUDIT_WAITING_MOVED
from socius.events.models import Event, Registration, WaitingListMove
from socius.events.tests.registration_support import event_make
from socius.tests_support.factories import UserFactory


@pytest.fixture(autouse=True)
def _english():
    """The refusals asserted here are the English texts (the Danish ones are the views')."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db
S = Registration.Status
GUEST = AnonymousUser()


def _guest(event: Event, party_size: int = 1, name: str = "Gæst") -> Registration:
    return services.registration_create(
        actor=GUEST,
        event=event,
        name=name,
        email=f"{name.lower()}@example.dk",
        party_size=party_size,
    )


def _fresh(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


def _assert_counter(event: Event) -> None:
    event.refresh_from_db()
    assert event.seats_taken == services.seats_taken_counted(event)
    assert event.seats_taken <= event.seats_offered


def test_a_cancellation_offers_the_seat_to_the_next_at_once(
    smtp_server, django_capture_on_commit_callbacks
):
    event = event_make(capacity=2, offer_hours=24)
    first = _guest(event, 2, "Anna")
    waiting = _guest(event, 1, "Bo")
    assert (waiting.status, waiting.waiting_number) == (S.WAITING, 1)
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    offered = _fresh(waiting)
    assert offered.status == S.OFFERED
    assert offered.offer_expires_at - timezone.now() > datetime.timedelta(hours=23)
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert any("ledig" in s or "free" in s for s in subjects)
    offer = next(m for m in smtp_server.messages if m["To"] == "bo@example.dk")
    assert "tag-imod/" in smtp_server.body_of(offer)
    assert "forlad-ventelisten/" in smtp_server.body_of(offer)
    _assert_counter(event)


def test_the_next_entry_that_fits_gets_the_seat():
    event = event_make(capacity=3, max_party_size=3)
    holder = _guest(event, 1, "Anna")
    _guest(event, 2, "Bo")  # confirmed: 3 of 3
    big = _guest(event, 3, "Carl")
    small = _guest(event, 1, "Dorte")
    services.registration_cancel(registration=holder)
    assert _fresh(big).status == S.WAITING  # 3 do not fit in 1 seat
    assert _fresh(small).status == S.OFFERED
    _assert_counter(event)


def test_an_unanswered_offer_expires_and_passes_on(smtp_server, django_capture_on_commit_callbacks):
    event = event_make(capacity=1, offer_hours=2)
    holder = _guest(event, 1, "Anna")
    second, third = _guest(event, 1, "Bo"), _guest(event, 1, "Carl")
    services.registration_cancel(registration=holder)
    assert _fresh(second).status == S.OFFERED
    later = timezone.now() + datetime.timedelta(hours=1)
    assert services.offers_expire(now=later) == 0
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire(now=timezone.now() + datetime.timedelta(hours=3)) == 1
    assert _fresh(second).status == S.EXPIRED
    assert _fresh(third).status == S.OFFERED
    assert {m["To"] for m in smtp_server.messages} == {"bo@example.dk", "carl@example.dk"}
    with pytest.raises(ValidationError, match="expired"):
        services.offer_accept(registration=second)
    _assert_counter(event)


def test_offers_expire_lazily_before_a_seat_decision():
    event = event_make(capacity=1, offer_hours=1)
    holder = _guest(event, 1, "Anna")
    second = _guest(event, 1, "Bo")
    services.registration_cancel(registration=holder)
    # Nobody ran the command; the next registration's decision expires the offer first.
    newcomer = services.registration_create(
        actor=GUEST, event=event, name="Eva", email="eva@example.dk",
        now=timezone.now() + datetime.timedelta(hours=2),
    )  # fmt: skip
    assert _fresh(second).status == S.EXPIRED
    assert newcomer.status == S.CONFIRMED
    _assert_counter(event)


def test_accepting_an_offer_confirms_the_seat():
    event = event_make(capacity=1)
    holder, second = _guest(event, 1, "Anna"), _guest(event, 1, "Bo")
    services.registration_cancel(registration=holder)
    accepted = services.offer_accept(registration=second)
    assert accepted.status == S.CONFIRMED
    assert accepted.offer_expires_at is None
    _assert_counter(event)


def test_the_events_offers_command_expires_offers(monkeypatch):
    event = event_make(capacity=1, offer_hours=1)
    holder, second = _guest(event, 1, "Anna"), _guest(event, 1, "Bo")
    services.registration_cancel(registration=holder)
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("events_offers")
    assert _fresh(second).status == S.EXPIRED


def test_leaving_the_waiting_list_and_declining_an_offer():
    event = event_make(capacity=1)
    holder = _guest(event, 1, "Anna")
    second, third = _guest(event, 1, "Bo"), _guest(event, 1, "Carl")
    services.waiting_leave(registration=third)
    assert _fresh(third).status == S.LEFT
    services.registration_cancel(registration=holder)
    services.waiting_leave(registration=second)  # declines the offer
    assert _fresh(second).status == S.LEFT
    with pytest.raises(ValidationError):
        services.waiting_leave(registration=second)
    _assert_counter(event)


def test_a_smaller_party_frees_seats_for_the_waiting_list():
    event = event_make(capacity=3, max_party_size=3)
    party = _guest(event, 3, "Anna")
    waiting = _guest(event, 1, "Bo")
    services.registration_change(registration=party, party_size=2)
    assert _fresh(waiting).status == S.OFFERED
    _assert_counter(event)


def test_seats_freed_after_a_raised_capacity():
    event = event_make(capacity=1)
    _guest(event, 1, "Anna")
    waiting = _guest(event, 1, "Bo")
    Event.objects.filter(pk=event.pk).update(capacity=2)
    [offered] = services.seats_freed(event)
    assert offered == waiting
    assert _fresh(waiting).status == S.OFFERED
    _assert_counter(event)


def test_an_organiser_moves_someone_up_with_a_reason():
    organiser = UserFactory(roles=["editor"])
    event = event_make(capacity=1)
    _guest(event, 1, "Anna")
    first, second = _guest(event, 1, "Bo"), _guest(event, 1, "Carl")
    with pytest.raises(ValidationError) as exc:
        services.waiting_move(actor=organiser, registration=second, reason="  ")
    assert "reason" in exc.value.error_dict
    move = services.waiting_move(actor=organiser, registration=second, reason="Taler i panelet")
    assert (_fresh(second).waiting_number, _fresh(first).waiting_number) == (1, 2)
    assert (move.from_number, move.to_number, move.reason) == (2, 1, "Taler i panelet")
    assert AuditEntry.objects.filter(
        action=AUDIT_WAITING_MOVED, data__reason="Taler i panelet"
    ).exists()
    with pytest.raises(ValidationError, match="already first"):
        services.waiting_move(actor=organiser, registration=second, reason="igen")


def test_an_organiser_gives_a_seat_only_if_it_fits():
    organiser = UserFactory(roles=["editor"])
    event = event_make(capacity=2)
    holder = _guest(event, 2, "Anna")
    waiting = _guest(event, 1, "Bo")
    with pytest.raises(ValidationError, match="not enough free seats"):
        services.waiting_move(
            actor=organiser, registration=waiting, reason="Borgmester", give_seat=True
        )
    Event.objects.filter(pk=event.pk).update(capacity=3)
    services.waiting_move(
        actor=organiser, registration=waiting, reason="Borgmester", give_seat=True
    )
    assert _fresh(waiting).status == S.CONFIRMED
    assert WaitingListMove.objects.get(registration=waiting).to_number is None
    assert holder.status == S.CONFIRMED
    _assert_counter(event)


def test_an_outsider_cannot_move_anyone():
    event = event_make(capacity=1)
    _guest(event, 1, "Anna")
    waiting = _guest(event, 1, "Bo")
    with pytest.raises(PermissionDenied):
        services.waiting_move(actor=UserFactory(), registration=waiting, reason="Fordi")


def test_the_counter_holds_under_random_operations():
    """Random sequences of every seat operation, with the clock moving; after each step the
    counter equals the counted seats, nothing is oversold, and waiting numbers are unique."""
    organiser = UserFactory(roles=["editor"])
    for seed in range(6):
        rnd = random.Random(seed)  # noqa: S311 (test data)
        event = event_make(capacity=rnd.randint(1, 6), max_party_size=3, offer_hours=1)
        clock = timezone.now()
        for step in range(40):
            clock += datetime.timedelta(minutes=rnd.choice([0, 10, 40, 90]))
            live = list(Registration.objects.filter(event=event, status__in=services.LIVE))
            op = rnd.choice(
                [
                    "create",
                    "create",
                    "cancel",
                    "leave",
                    "accept",
                    "change",
                    "move",
                    "expire",
                    "capacity",
                ]
            )
            target = rnd.choice(live) if live else None
            try:
                if op == "create" or target is None:
                    services.registration_create(actor=GUEST, event=event, name=f"P{step}",
                                                 email=f"p{step}@example.dk",
                                                 party_size=rnd.randint(1, 3), now=clock)  # fmt: skip
                elif op == "cancel":
                    services.registration_cancel(registration=target, now=clock)
                elif op == "leave":
                    services.waiting_leave(registration=target, now=clock)
                elif op == "accept":
                    services.offer_accept(registration=target, now=clock)
                elif op == "change":
                    services.registration_change(
                        registration=target, party_size=rnd.randint(1, 3), now=clock
                    )
                elif op == "move":
                    services.waiting_move(actor=organiser, registration=target, reason="Test",
                                          give_seat=rnd.random() < 0.5, now=clock)  # fmt: skip
                elif op == "expire":
                    services.offers_expire(now=clock)
                else:
                    capacity = rnd.randint(1, 8)
                    Event.objects.filter(pk=event.pk).update(capacity=capacity)
                    services.seats_freed(event, now=clock)
            except ValidationError:
                pass
            event.refresh_from_db()
            counted = services.seats_taken_counted(event)
            assert event.seats_taken == counted, (seed, step, op)
            numbers = list(
                Registration.objects.filter(event=event, waiting_number__isnull=False).values_list(
                    "waiting_number", flat=True
                )
            )
            assert len(numbers) == len(set(numbers))
