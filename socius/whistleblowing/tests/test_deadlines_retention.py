"""Deadlines over month ends, leap years and DST; retention, legal hold and the audit chain."""

import datetime
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from socius.core.audit import ChainBreak, audit_verify
from socius.core.models import AuditEntry
from socius.whistleblowing.models import Attachment, DeletionRecord, Report
from socius.whistleblowing.selectors import acknowledgement_deadline, feedback_deadline, inbox_for
from socius.whistleblowing.services import handling
from socius.whistleblowing.tests.conftest import latest_report, submit, unlocked_client

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def _report(received, acknowledged=None, state="received"):
    return Report(received_on=received, acknowledged_on=acknowledged, state=state)


@pytest.mark.parametrize(
    ("acknowledged", "due"),
    [
        (datetime.date(2026, 11, 30), datetime.date(2027, 2, 28)),
        (datetime.date(2027, 11, 30), datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2026, 10, 31), datetime.date(2027, 1, 31)),
        (datetime.date(2026, 8, 31), datetime.date(2026, 11, 30)),
        (datetime.date(2026, 12, 15), datetime.date(2027, 3, 15)),
    ],
)
def test_feedback_is_due_three_calendar_months_after_acknowledgement(acknowledged, due):
    assert (
        feedback_deadline(_report(acknowledged, acknowledged, "investigating"), acknowledged).due
        == due
    )


def test_feedback_warns_15_days_before_and_is_overdue_after():
    report = _report(datetime.date(2026, 11, 30), datetime.date(2026, 11, 30), "investigating")
    due = datetime.date(2027, 2, 28)
    assert feedback_deadline(report, due - datetime.timedelta(days=16)).status == "ok"
    assert feedback_deadline(report, due - datetime.timedelta(days=15)).status == "warning"
    assert feedback_deadline(report, due).status == "warning"
    assert feedback_deadline(report, due + datetime.timedelta(days=1)).status == "overdue"
    report.state = "feedback_given"
    assert feedback_deadline(report, due + datetime.timedelta(days=1)).status == "done"


def test_acknowledgement_within_7_days_warns_at_day_5():
    received = datetime.date(2027, 2, 26)
    report = _report(received)
    assert acknowledgement_deadline(report, received).due == datetime.date(2027, 3, 5)
    assert acknowledgement_deadline(report, received + datetime.timedelta(days=4)).status == "ok"
    assert (
        acknowledgement_deadline(report, received + datetime.timedelta(days=5)).status == "warning"
    )
    assert (
        acknowledgement_deadline(report, received + datetime.timedelta(days=8)).status == "overdue"
    )


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_feedback_due_is_never_before_acknowledgement_and_in_the_third_month(day):
    due = feedback_deadline(_report(day, day, "investigating"), day).due
    assert due > day
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == 3
    assert due.day == day.day or due.day < day.day


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2027, 3, 28, 0, 30, tzinfo=datetime.UTC),  # the night clocks go forward
        datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC),  # 01:30 local on the 25th
        datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC),  # New Year in Copenhagen
    ],
)
def test_receipt_date_is_the_danish_date_across_daylight_saving(channel, moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)
    submit(Client(), channel)
    report = latest_report()
    assert report.received_on == moment.astimezone(CPH).date()
    assert acknowledgement_deadline(
        report, report.received_on
    ).due == report.received_on + datetime.timedelta(days=7)


@pytest.mark.django_db
def test_the_inbox_shows_deadlines_and_keeps_its_query_count(
    channel, handler, django_assert_max_num_queries
):
    for _ in range(3):
        submit(Client(), channel)
    with django_assert_max_num_queries(2):
        rows = inbox_for(user=handler, channel=channel)
    assert len(rows) == 3
    assert all(r.acknowledgement.status == "ok" for r in rows)
    page = (
        unlocked_client(handler)
        .get(f"/whistleblower/behandling/kanal/{channel.slug}/")
        .content.decode()
    )
    assert rows[0].report.short_id in page


@pytest.mark.django_db
def test_purge_deletes_rows_and_files_and_leaves_a_bare_record(
    channel, handler, settings, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    submit(Client(), channel, attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")])
    report = latest_report()
    storage = settings.MEDIA_ROOT / "whistleblowing" / Attachment.objects.get().storage_name
    assert storage.exists()
    assert report.delete_after == timezone.localdate() + datetime.timedelta(
        days=channel.retention_days
    )
    # Not yet due: nothing happens.
    with django_capture_on_commit_callbacks(execute=True):
        assert handling.reports_purge() == 0
    later = report.delete_after + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert handling.reports_purge(today=later) == 1
    assert Report.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert not storage.exists()
    record = DeletionRecord.objects.get()
    assert record.received_month.day == 1
    assert record.channel == channel
    assert AuditEntry.objects.filter(action="whistle.case.deleted").count() == 1


@pytest.mark.django_db
def test_a_legal_hold_needs_a_reason_and_stops_deletion(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    client = unlocked_client(handler)
    client.post(
        f"/whistleblower/behandling/sag/{report.public_id}/bevaring/",
        {"reason": "Retssag verserer"},
    )
    report.refresh_from_db()
    assert report.legal_hold
    page = client.get(f"/whistleblower/behandling/sag/{report.public_id}/").content.decode()
    assert "Retssag verserer" in page  # the handler reads the sealed reason
    assert handling.reports_purge(today=report.delete_after + datetime.timedelta(days=400)) == 0
    client.post(f"/whistleblower/behandling/sag/{report.public_id}/bevaring/", {"reason": ""})
    assert handling.reports_purge(today=report.delete_after + datetime.timedelta(days=1)) == 1


@pytest.mark.django_db
def test_activity_moves_the_deletion_date(channel, handler, monkeypatch):
    submit(Client(), channel)
    report = latest_report()
    first = report.delete_after
    later = timezone.now() + datetime.timedelta(days=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    handling.handler_message(actor=handler, report=report, body="note", kind="internal")
    report.refresh_from_db()
    assert report.delete_after == first + datetime.timedelta(days=10)


@pytest.mark.django_db
def test_the_purge_command_and_the_audit_chain_command(channel, capsys):
    submit(Client(), channel)
    call_command("whistleblowing_purge")
    assert "Deleted 0 case(s)" in capsys.readouterr().out
    call_command("audit_verify")
    assert all(isinstance(x, int) for x in audit_verify())


@pytest.mark.django_db
def test_a_changed_audit_entry_breaks_the_chain(channel, handler):
    submit(Client(), channel)
    unlocked_client(handler).get(f"/whistleblower/behandling/sag/{latest_report().public_id}/")
    entries = list(AuditEntry.objects.order_by("id"))
    entries[0].action = "whistle.nothing.happened"
    assert any(isinstance(x, ChainBreak) for x in audit_verify(iter(entries)))
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entries[0].pk).update(action="x")


@pytest.mark.django_db
def test_the_scheduled_task_purges_due_cases(channel, monkeypatch):
    from socius.whistleblowing.tasks import whistleblowing_purge

    submit(Client(), channel)
    report = latest_report()
    Report.objects.filter(pk=report.pk).update(
        delete_after=timezone.localdate() - datetime.timedelta(days=1)
    )
    result = whistleblowing_purge.enqueue()
    assert result.return_value == 1
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_deadline_warnings_reach_the_handlers_without_content(
    channel, handler, handler2, mailbox, django_capture_on_commit_callbacks
):
    from socius.whistleblowing.reminders import deadline_reminders

    submit(Client(), channel)
    report = latest_report()
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_reminders(today=report.received_on + datetime.timedelta(days=4)) == 0
        assert deadline_reminders(today=report.received_on + datetime.timedelta(days=5)) == 1
    assert len(mailbox.messages) == 2
    body = mailbox.body_of(mailbox.messages[0])
    assert "hemmelig" not in body
    assert "faktura" not in body.lower()
    # 15 days before the feedback deadline.
    Report.objects.filter(pk=report.pk).update(
        acknowledged_on=datetime.date(2026, 11, 30), state="investigating"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert deadline_reminders(today=datetime.date(2027, 2, 13)) == 1
        assert deadline_reminders(today=datetime.date(2027, 2, 14)) == 0
