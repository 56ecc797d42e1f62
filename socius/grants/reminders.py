"""Reminders about reporting back (afrapportering), before and after the deadline."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from socius.grants.mail import MAIL_APPLICATION
from socius.grants.models import Application
from socius.grants.services.applications import application_notify
from socius.grants.workflows import ApplicationState

REMIND_BEFORE = datetime.timedelta(days=30)


def reminders_send(today: datetime.date | None = None) -> tuple[int, int]:
    """Send the due reminders; returns how many went out (before, after the deadline).

    Idempotent: each application gets each reminder once, recorded on the application."""
    today = today or timezone.localdate()
    granted = Application.objects.filter(
        state=ApplicationState.GRANTED, report__isnull=True
    ).select_related("round", "organisation")
    before = after = 0
    for app in granted.filter(
        report_reminded_before__isnull=True, round__report_deadline__gte=today
    ):
        if app.round.report_deadline - REMIND_BEFORE <= today:
            with transaction.atomic():
                app.report_reminded_before = timezone.now()
                app.save(update_fields=["report_reminded_before"])
                application_notify(app, kind=MAIL_APPLICATION, template="report_due")
            before += 1
    for app in granted.filter(report_reminded_after__isnull=True, round__report_deadline__lt=today):
        with transaction.atomic():
            app.report_reminded_after = timezone.now()
            app.save(update_fields=["report_reminded_after"])
            application_notify(app, kind=MAIL_APPLICATION, template="report_overdue")
        after += 1
    return before, after
