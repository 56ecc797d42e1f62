"""What the task workers keep beside django-tasks-db's queue: which workers are alive
(socius/core/workers.py) and which mails the SMTP server has accepted (socius/core/tasks.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskWorker(models.Model):
    """A running ``db_worker`` process and its heartbeat.

    ``seen_at`` is written with the database's clock (never the machine's), so workers on
    machines whose clocks differ still agree on which worker has been silent for too long.
    ``process_key`` names the process on its machine (Linux boot id, PID namespace, PID and
    start time): a worker on the same machine can then see at once that the process is
    gone, instead of waiting for the heartbeat limit. Empty where that cannot be read."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    process_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seen_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}, {self.pid})"


class MailDelivery(models.Model):
    """One mail task's delivery: its stable Message-ID, and when the SMTP server accepted it.

    Keyed by the task result, so a re-run of the same task (its worker died) finds the row
    and sends nothing once ``accepted_at`` is set; deleted with the task result
    (``prune_db_task_results``)."""

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("task"),
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    accepted_at = models.DateTimeField(_("accepted by the mail server"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("mail delivery")
        verbose_name_plural = _("mail deliveries")

    def __str__(self) -> str:
        return self.message_id
