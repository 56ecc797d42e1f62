"""Services check who acts before they write: a refused actor leaves no trace.

Views reach reports only through whistleblowing.access; the services check again, so a
future caller that skips the door still cannot change a case."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from socius.core.models import AuditEntry
from socius.whistleblowing.models import Message, StateChange
from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import latest_report, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(channel):
    submit(Client(), channel)
    return latest_report()


@pytest.fixture
def stranger(other_channel):
    """A handler, but of another channel."""
    return other_channel.handlers.get()


def test_a_handler_of_another_channel_changes_nothing(report, stranger):
    entries = AuditEntry.objects.count()
    messages = Message.objects.filter(report=report).count()
    with pytest.raises(PermissionDenied):
        handling.legal_hold_set(actor=stranger, report=report, reason="Retssag")
    with pytest.raises(PermissionDenied):
        handling.case_transition(actor=stranger, report=report, name="acknowledge", message="Hej")
    with pytest.raises(PermissionDenied):
        handling.handler_message(actor=stranger, report=report, body="Hej")
    with pytest.raises(PermissionDenied):
        handling.case_exported(actor=stranger, report=report, fmt="csv")
    report.refresh_from_db()
    assert (report.state, report.legal_hold_reason) == ("received", "")
    assert not StateChange.objects.filter(report=report).exists()
    assert Message.objects.filter(report=report).count() == messages
    assert AuditEntry.objects.count() == entries


def test_a_handler_the_reporter_excluded_changes_nothing(report, handler2):
    report.excluded_handlers.add(handler2)
    with pytest.raises(PermissionDenied):
        handling.case_transition(actor=handler2, report=report, name="acknowledge", message="Hej")
    report.refresh_from_db()
    assert report.state == "received"


def test_the_inbox_view_is_audited_by_the_service_only_for_its_handlers(channel, handler, stranger):
    with pytest.raises(PermissionDenied):
        handling.channel_inbox_viewed(actor=stranger, channel=channel)
    handling.channel_inbox_viewed(actor=handler, channel=channel)
    entry = AuditEntry.objects.order_by("-id").first()
    assert (entry.action, entry.actor_id) == ("whistle.inbox.viewed", handler.pk)
