"""Daily deadline warnings to handlers: on day 5 after receipt if not yet acknowledged, and
15 days before the feedback deadline. Like every notification they carry no content and no
identity, only the channel and a link."""

from __future__ import annotations

import datetime

from django.utils import timezone

from socius.whistleblowing.models import Report
from socius.whistleblowing.selectors import (
    ACK_WARN_DAY,
    FEEDBACK_WARN_DAYS,
    acknowledgement_deadline,
    feedback_deadline,
)
from socius.whistleblowing.services.reporting import notify_handlers
from socius.whistleblowing.workflows import CaseState


def deadline_reminders(*, today: datetime.date | None = None) -> int:
    """Mail the handlers of each case whose warning day is ``today``; run once a day."""
    today = today or timezone.localdate()
    sent = 0
    unacknowledged = Report.objects.filter(
        acknowledged_on__isnull=True, received_on=today - datetime.timedelta(days=ACK_WARN_DAY)
    ).select_related("channel")
    for report in unacknowledged:
        if acknowledgement_deadline(report, today).status == "warning":
            notify_handlers(report, "deadline")
            sent += 1
    open_cases = Report.objects.filter(
        acknowledged_on__isnull=False,
        state__in=[CaseState.ACKNOWLEDGED, CaseState.IN_SCOPE, CaseState.INVESTIGATING],
    ).select_related("channel")
    for report in open_cases:
        deadline = feedback_deadline(report, today)
        if deadline.due and deadline.due - datetime.timedelta(days=FEEDBACK_WARN_DAYS) == today:
            notify_handlers(report, "deadline")
            sent += 1
    return sent
