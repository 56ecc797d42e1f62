"""Personal data: needs erased 30 days after the event, export and erasure with the account."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from socius.accounts.services import account_delete, account_export
from socius.core.models import AuditEntry
from socius.events import services
from socius.events.audit_registration import AUDIT_NEEDS_ERASED
from socius.events.models import Event, Registration
from socius.events.tests.registration_support import event_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Registration.Status


def _with_needs(event: Event, user=None) -> Registration:
    return services.registration_create(
        actor=user, event=event, name="Karen", email="karen@example.dk",
        dietary=["vegan"], access=["wheelchair"], consent=True,
    )  # fmt: skip


def test_needs_are_erased_30_days_after_the_event_and_only_the_count_logged(monkeypatch):
    event = event_make(asks_dietary=True, asks_access=True)
    registration = _with_needs(event)
    after_event = event.ends_at + datetime.timedelta(days=29)
    assert services.needs_erase(now=after_event) == 0
    later = event.ends_at + datetime.timedelta(days=30, minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("events_needs_erase")
    registration.refresh_from_db()
    assert (registration.dietary_needs, registration.access_needs) == ([], [])
    assert registration.needs_erased_at == later
    assert registration.needs_consent_at is None
    entry = AuditEntry.objects.get(action=AUDIT_NEEDS_ERASED)
    assert entry.data == {"count": 1}
    assert services.needs_erase(now=later) == 0  # once only


def test_the_export_holds_the_persons_registrations():
    user = UserFactory()
    _with_needs(event_make(asks_dietary=True), user)
    data = account_export(actor=user)["events"]
    assert data[0]["dietary_needs"] == ["vegan"]
    assert data[0]["status"] == "confirmed"


def test_deleting_the_account_frees_its_seats_and_deletes_its_registrations():
    user = UserFactory()
    event = event_make(capacity=1)
    services.registration_create(actor=user, event=event)
    waiting = services.registration_create(
        actor=None, event=event, name="Bo", email="bo@example.dk"
    )
    account_delete(actor=user)
    assert not Registration.objects.filter(user=user).exists()
    assert Registration.objects.get(pk=waiting.pk).status == S.OFFERED
    event.refresh_from_db()
    assert event.seats_taken == services.seats_taken_counted(event) == 1
