"""Telling a thread's people that it moved, in the background (docs/programme.md).

The request that moves a thread only records a ThreadEvent and queues ONE task when it
commits; the task finds the people (every step kind's participants, plus followers, minus
those who asked not to hear more, active accounts only), writes their notifications and
queues their mails in batches, rendering the mail once per language. The mails themselves
are sent by the task workers, one ``mail_send`` task each.

A run that dies half-way is not run again by the worker recovery with the same effect: the
batches already committed keep their notifications and queued mails, and ``notified_at``
is set only at the end, so a re-run tells the people of those batches twice. The window is
one task run; duplicates are preferred to silence.
"""

from __future__ import annotations

from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from socius.core.mail import notify_many
from socius.core.mail_threads import MAIL_THREAD_MOVED
from socius.core.models import ThreadEvent
from socius.core.thread_selectors import thread_participant_ids, thread_people

BATCH = 500


@task()
def thread_event_notify(*, event_id: int) -> int:
    """Notify everyone who follows the event's thread; returns the number of people told
    (also stored as ``ThreadEvent.recipients``). Does nothing for an event already told."""
    event = ThreadEvent.objects.select_related("thread").filter(pk=event_id).first()
    if event is None or event.notified_at is not None:
        return 0
    thread = event.thread
    link = reverse("core:thread-detail", args=[thread.public_id])
    context = {"thread_title": thread.title, "event_text": event.text}
    told = 0
    for people in thread_people(thread_participant_ids(thread), batch=BATCH):
        with transaction.atomic():
            notify_many(
                recipients=people,
                kind=MAIL_THREAD_MOVED,
                template="core/mail/thread_moved",
                context=context,
                link=link,
            )
        told += len(people)
    event.notified_at = timezone.now()
    event.recipients = told
    event.save(update_fields=["notified_at", "recipients"])
    return told


def thread_event_notify_on_commit(event_id: int) -> None:
    """Queue the one task for ``event_id`` once the surrounding transaction commits."""
    transaction.on_commit(lambda: thread_event_notify.enqueue(event_id=event_id))
