"""Reminders 7 days and 1 day before, each once, in the registrant's language; the clock is
moved by passing ``now`` and by the command run on a later day."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from socius.events.models import Event, Registration
from socius.events.services import registration_key_read
from socius.events.services_events import reminders_send
from socius.events.tests.pages_support import published, registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def soon():
    now = timezone.now()
    return published(
        starts_at=now + datetime.timedelta(days=10),
        ends_at=now + datetime.timedelta(days=10, hours=2),
    )


def _sent(mailbox, callbacks, **kwargs):
    mailbox.clear()
    with callbacks(execute=True):
        count = reminders_send(**kwargs)
    return count, list(mailbox.messages)


def test_reminders_go_out_a_week_and_a_day_before_each_once(
    soon, mailbox, django_capture_on_commit_callbacks
):
    danish = registration(soon, language="da")
    english = registration(soon, language="en")
    registration(soon, status=Registration.Status.WAITING, waiting_number=1)
    registration(soon, status=Registration.Status.CANCELLED)
    start = soon.starts_at

    early, none = _sent(mailbox, django_capture_on_commit_callbacks,
                        now=start - datetime.timedelta(days=8))  # fmt: skip
    week, week_mails = _sent(mailbox, django_capture_on_commit_callbacks,
                             now=start - datetime.timedelta(days=6, hours=23))  # fmt: skip
    again, _ = _sent(mailbox, django_capture_on_commit_callbacks,
                     now=start - datetime.timedelta(days=6))  # fmt: skip
    day, day_mails = _sent(mailbox, django_capture_on_commit_callbacks,
                           now=start - datetime.timedelta(hours=20))  # fmt: skip

    assert (early, none) == (0, [])
    assert week == 2
    assert again == 0
    assert day == 2
    subjects = {m["To"]: m["Subject"] for m in week_mails}
    assert subjects[english.email].startswith("In a week:")
    bodies = {m["To"]: mailbox.body_of(m) for m in week_mails}
    for reg, language in ((danish, "da"), (english, "en")):
        with translation.override(language):
            when = date_format(timezone.localtime(start), "DATETIME_FORMAT")
        assert when in bodies[reg.email], language
    assert {m["To"]: m["Subject"] for m in day_mails}[english.email].startswith("Tomorrow:")
    # The reminder links the person's own page, where they can cancel.
    [path] = re.findall(r"/arrangementer/tilmelding/[^/\s]+/", bodies[danish.email])
    assert registration_key_read(path.split("/")[-2]) == danish
    danish.refresh_from_db()
    assert danish.reminded_7_at
    assert danish.reminded_1_at


def test_a_late_registration_gets_only_the_one_day_reminder(
    soon, mailbox, django_capture_on_commit_callbacks
):
    late = registration(soon, language="en")

    count, mails = _sent(mailbox, django_capture_on_commit_callbacks,
                         now=soon.starts_at - datetime.timedelta(hours=12))  # fmt: skip
    later, _ = _sent(mailbox, django_capture_on_commit_callbacks,
                     now=soon.starts_at - datetime.timedelta(hours=6))  # fmt: skip

    assert count == 1
    assert mails[0]["Subject"].startswith("Tomorrow:")
    assert later == 0
    late.refresh_from_db()
    assert late.reminded_7_at is not None


def test_no_reminders_for_cancelled_events(soon, mailbox, django_capture_on_commit_callbacks):
    registration(soon)
    Event.objects.filter(pk=soon.pk).update(status=Event.Status.CANCELLED)

    count, _ = _sent(mailbox, django_capture_on_commit_callbacks,
                     now=soon.starts_at - datetime.timedelta(hours=12))  # fmt: skip

    assert count == 0


def test_the_daily_command_is_safe_to_run_twice(
    soon, mailbox, monkeypatch, django_capture_on_commit_callbacks
):
    registration(soon)
    later = soon.starts_at - datetime.timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    mailbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("events_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("events_remind", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert len(mailbox.messages) == 1
