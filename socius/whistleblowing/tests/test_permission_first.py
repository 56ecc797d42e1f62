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
    assert (report.state, report.legal_hold, report.sealed_hold_reason) == ("received", False, None)
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


@pytest.fixture
def attachment(report, handler):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notat.txt", b"Et notat", content_type="text/plain")
    return handling.handler_attachment(actor=handler, report=report, upload=upload)


def test_reading_a_case_or_its_files_is_refused_to_outsiders_and_leaves_no_trace(
    report, attachment, stranger, handler2, citizen
):
    report.excluded_handlers.add(handler2)
    entries = AuditEntry.objects.count()
    for outsider in (stranger, handler2, citizen):
        with pytest.raises(PermissionDenied):
            handling.case_opened(actor=outsider, report=report)
        with pytest.raises(PermissionDenied):
            handling.attachment_downloaded(actor=outsider, report=report, attachment=attachment)
    assert AuditEntry.objects.count() == entries


def test_a_report_found_for_one_handler_is_not_a_pass_for_another(report, handler, stranger):
    from socius.whistleblowing.access import report_for_handler

    found = report_for_handler(user=handler, public_id=report.public_id)
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        handling.case_opened(actor=stranger, report=found)
    assert AuditEntry.objects.count() == entries


def test_a_file_of_another_case_is_refused(channel, report, attachment, handler):
    submit(Client(), channel)
    other = latest_report()
    assert other.pk != report.pk
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        handling.attachment_downloaded(actor=handler, report=other, attachment=attachment)
    assert AuditEntry.objects.count() == entries


def test_handlers_reading_are_audited_without_new_queries_after_the_lookup(
    report, attachment, handler
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from socius.whistleblowing.access import report_for_handler

    # A report loaded some other way is checked against the database, and allowed.
    handling.case_opened(actor=handler, report=type(report).objects.get(pk=report.pk))
    # The one the handler lookup found is not looked up again.
    found = report_for_handler(user=handler, public_id=report.public_id)
    with CaptureQueriesContext(connection) as queries:
        handling.case_opened(actor=handler, report=found)
        handling.attachment_downloaded(actor=handler, report=found, attachment=attachment)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "handlers" not in sql
    actions = list(
        AuditEntry.objects.filter(actor=handler).order_by("-id").values_list("action", flat=True)
    )[:3]
    assert actions == [
        "whistle.attachment.downloaded",
        "whistle.case.viewed",
        "whistle.case.viewed",
    ]
