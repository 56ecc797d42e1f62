"""Background work shared by every module.

Mail is sent once per task, as far as SMTP allows. A task can run again when its worker dies
(socius/core/workers.py), so ``mail_send`` records each delivery (``MailDelivery``, keyed by
the task) with a Message-ID made once for it:

1. before talking to the SMTP server it checks that this run still holds the task and
   creates the record (or finds it);
2. a record marked accepted means an earlier run's mail was accepted: nothing is sent;
3. otherwise it sends MAIL, RCPT and DATA, and as soon as the server answers 250 to the
   message it marks the record accepted (one committed UPDATE), and only then closes the
   connection (QUIT).

Threat (failure) model: the worker can die at any instruction; the SMTP server is honest and
takes responsibility for a message with its 250 reply to DATA (RFC 5321, section 4.1.1.4).
A run that dies before the server accepts leaves nothing accepted on either side, so the
re-run sends the mail once. A run that dies after the mark sends nothing again. The one
window left for a second copy is from the server's 250 to the commit of that UPDATE (a few
milliseconds; it includes a 250 lost on its way back, which SMTP cannot tell from no 250).
The copy then carries the same Message-ID, ``<task id@sender's domain>``, by which receiving
systems and mail programs can recognise it. A task that fails (the server refuses, the
database is gone after the 250) is FAILED and not run again, so it sends no second copy.
"""

from __future__ import annotations

import base64
import logging
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.tasks import TaskContext, task
from django.utils import timezone

from socius.core.models import MailDelivery
from socius.core.workers import TaskRunLost, task_in_database, task_run_current

logger = logging.getLogger(__name__)


@task(takes_context=True)
def mail_send(
    context: TaskContext,
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[list[str]] | None = None,
) -> int:
    """Deliver one e-mail through the configured mailer (SMTP in production), once per task
    (see the module's docstring). Returns 1 when the server has accepted it, now or in an
    earlier run of this task."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, headers=dict(headers or {})
    )
    if html:
        message.attach_alternative(html, "text/html")
    # [file name, text, MIME type]: lists, because task arguments travel as JSON. A binary
    # file (a PDF) travels as base64 text with ";base64" after its MIME type.
    for name, content, mimetype in attachments or []:
        if mimetype.endswith(";base64"):
            message.attach(name, base64.b64decode(content), mimetype.removesuffix(";base64"))
        else:
            message.attach(name, content, mimetype)
    delivery = _mail_delivery(context.task_result, from_email=message.from_email)
    if delivery is not None:
        if delivery.accepted_at is not None:
            logger.info("Mail %s was accepted at %s by an earlier run; not sent again.",
                        delivery.message_id, delivery.accepted_at)  # fmt: skip
            return 1
        message.extra_headers["Message-ID"] = delivery.message_id
    mailer = mailers.default
    mailer.open()
    try:
        sent = mailer.send_messages([message])
        if delivery is not None and sent:
            # Before QUIT: once this commits, no re-run sends the mail again.
            MailDelivery.objects.filter(pk=delivery.pk).update(accepted_at=timezone.now())
    finally:
        mailer.close()
    return sent


def _mail_delivery(task_result: Any, *, from_email: str) -> MailDelivery | None:
    """The delivery record of a database task (None for a task run in-process, which never
    runs twice); raises TaskRunLost when the task has been handed to another worker."""
    with transaction.atomic():
        if not task_run_current(task_result):
            raise TaskRunLost(f"Task {task_result.id} is no longer held by this run.")
        if not task_in_database(task_result):
            return None
        domain = parseaddr(from_email or settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
        delivery, _created = MailDelivery.objects.get_or_create(
            task_id=task_result.id,
            defaults={"message_id": f"<{task_result.id}@{domain or 'socius.invalid'}>"},
        )
        return delivery


def mail_send_on_commit(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[list[str]] | None = None,
) -> None:
    """Queue a mail once the surrounding transaction commits, never for a rolled-back change.

    Modules call ``core.mail.notify`` instead; this is for mail that is not a notification
    (allauth's account mails)."""
    transaction.on_commit(
        lambda: mail_send.enqueue(
            subject=subject,
            body=body,
            to=to,
            from_email=from_email,
            html=html,
            headers=headers,
            attachments=attachments,
        )
    )


def rows_insert(
    model: Any, rows: list[dict[str, Any]], *, same: dict[str, Any], batch_size: int = 500
) -> None:
    """INSERT many rows of ``model`` with ``executemany``: the columns in ``same`` are
    prepared for the database once, the others once per row. For tens of thousands of rows
    (a thread's notifications and mails), where ``bulk_create`` spends its time building SQL
    field by field. No signals, no ``pre_save``: give every column a value (None for null)."""
    from django.db import connection

    if not rows:
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    varying = list(rows[0])
    constant = {name: fields[name].get_db_prep_save(v, connection) for name, v in same.items()}
    columns = varying + list(constant)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (names from the model)
        quote(model._meta.db_table),
        ", ".join(quote(fields[c].column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    tail = list(constant.values())
    prepared = [fields[name] for name in varying]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(row[f.attname], connection) for f in prepared] + tail
                    for row in rows[start : start + batch_size]
                ],
            )


def mail_send_many(messages: list[dict[str, Any]], *, batch_size: int = 500) -> int:
    """Queue one ``mail_send`` task per message (each a dict of ``mail_send``'s keyword
    arguments) now, in batches: on the database backend a few INSERTs with ``executemany``
    (``rows_insert``) instead of one ``enqueue`` per mail, so a notice to 10,000 people is
    queued in seconds. Call it from ``transaction.on_commit`` (``mail_send_many_on_commit``).
    Returns the number queued."""
    from django.tasks import task_backends

    backend: Any = task_backends[mail_send.backend]
    if type(backend).__module__ != "django_tasks_db.backend":
        for kwargs in messages:
            mail_send.enqueue(**kwargs)
        return len(messages)
    from django_tasks_db.models import DBTaskResult, get_date_max

    rows_insert(
        DBTaskResult,
        [
            # Task arguments travel as JSON: the messages are strings, lists and dicts already.
            {"id": backend._get_id(), "args_kwargs": {"args": [], "kwargs": kwargs}}  # noqa: SLF001
            for kwargs in messages
        ],
        same={
            "status": "READY",
            "enqueued_at": timezone.now(),
            "started_at": None,
            "finished_at": None,
            "priority": mail_send.priority,
            "task_path": mail_send.module_path,
            "worker_ids": [],
            "queue_name": mail_send.queue_name,
            "backend_name": backend.alias,
            "run_after": mail_send.run_after or get_date_max(),
            "return_value": None,
            "exception_class_path": "",
            "traceback": "",
        },
        batch_size=batch_size,
    )
    return len(messages)


def mail_send_many_on_commit(messages: list[dict[str, Any]]) -> None:
    """``mail_send_many`` once the surrounding transaction commits."""
    if messages:
        transaction.on_commit(lambda: mail_send_many(messages))
