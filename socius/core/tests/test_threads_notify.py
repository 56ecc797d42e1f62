"""Telling a thread's people that it moved: one task, mail per language, opt-outs, bulk."""

# ruff: noqa: F401, F811  (the catalogue fixture, imported by name)
from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from socius.core.mail import mail_kind
from socius.core.models import MailOptOut, Notification, ThreadEvent
from socius.core.tasks_threads import thread_event_notify
from socius.core.tests.test_threads_services import catalogue, obj  # noqa: F401
from socius.core.thread_services import thread_follow, thread_link, thread_moved
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_kind_can_be_turned_off():
    kind = mail_kind("threads.moved")
    assert kind is not None
    assert kind.unsubscribable


def test_participants_and_followers_get_mail_in_their_language_except_who_opted_out(
    catalogue,
    mailbox,
    django_capture_on_commit_callbacks,
):
    voter = UserFactory(language="da")
    briton = UserFactory(language="en")
    opted = UserFactory(language="da")
    refuser = UserFactory()
    MailOptOut.objects.create(user=opted, kind="threads.moved")
    a = obj(catalogue, "t_idea", "1", "Grønne skolegårde", people=[voter.pk, opted.pk, refuser.pk])
    b = obj(catalogue, "t_decision", "1", "Byrådets beslutning")
    thread = thread_link(source=a, target=b, actor=None)
    thread_follow(thread=thread, user=briton, follow=True)
    thread_follow(thread=thread, user=refuser, follow=False)
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = thread_moved(kind="t_decision", key="1", text="Byrådet vedtog <b>forslaget</b>", actor=None)  # fmt: skip
    to = sorted(m["To"] for m in mailbox.messages)
    assert to == sorted([voter.email, briton.email])
    bodies = {m["To"]: mailbox.body_of(m) for m in mailbox.messages}
    assert "Byrådet vedtog <b>forslaget</b>" in bodies[voter.email]
    with translation.override("da"):
        assert gettext("Stop e-mails of this kind:") in bodies[voter.email]
    assert "See the whole thread" in bodies[briton.email]
    assert all(m["List-Unsubscribe"].count("/afmeld/") == 1 for m in mailbox.messages)
    assert Notification.objects.filter(kind="threads.moved", recipient=opted).exists()
    assert not Notification.objects.filter(recipient=refuser).exists()
    event.refresh_from_db()
    assert event.notified_at is not None
    assert event.recipients == 3
    assert thread_event_notify.call(event_id=event.pk) == 0  # told once only


def test_thousands_are_queued_in_bulk_by_one_task(
    catalogue, settings, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model
    from django_tasks_db.models import DBTaskResult

    people = get_user_model().objects.bulk_create(
        get_user_model()(email=f"p{i}@example.dk", language="da") for i in range(2000)
    )
    a = obj(catalogue, "t_idea", "1", people=[p.pk for p in people])
    b = obj(catalogue, "t_decision", "1")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        thread_link(source=a, target=b, actor=None)
    # the request queued one task, not 2,000
    assert DBTaskResult.objects.count() == 1
    event = ThreadEvent.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        told = thread_event_notify.call(event_id=event.pk)
    assert told == 2000
    assert Notification.objects.filter(kind="threads.moved").count() == 2000
    assert DBTaskResult.objects.filter(task_path="socius.core.tasks.mail_send").count() == 2000
