"""The first-answer deadline of an advice request, in Danish working days.

A request submitted on any day (a Saturday, Christmas Eve) is due ``N`` working days after that
day, where ``N`` is ``settings.ADVICE_RESPONSE_WORKING_DAYS``; weekends and the days municipal
offices close do not count (see socius/core/calendar.py). The date is computed once, when the
request arrives, so a later change of the setting does not move promises already made.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.core.calendar import add_working_days, working_days_between

if TYPE_CHECKING:
    from socius.advice.models import AdviceRequest

# A request due within this many working days, still without an answer, is "at risk".
AT_RISK_WORKING_DAYS = 1


class DeadlineStatus(models.TextChoices):
    ON_TIME = "on_time", _("Answered on time")
    LATE = "late", _("Answered late")
    OK = "ok", _("Within the deadline")
    AT_RISK = "at_risk", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


def response_due(submitted: datetime.datetime, *, days: int | None = None) -> datetime.date:
    """The last day for the first answer to a request submitted at ``submitted``."""
    working_days = settings.ADVICE_RESPONSE_WORKING_DAYS if days is None else days
    return add_working_days(timezone.localdate(submitted), working_days)


def deadline_status(request: AdviceRequest, *, today: datetime.date | None = None) -> str:
    """Where a request stands against its deadline (a ``DeadlineStatus`` value)."""
    if request.first_response_at is not None:
        answered = timezone.localdate(request.first_response_at)
        return DeadlineStatus.ON_TIME if answered <= request.response_due else DeadlineStatus.LATE
    today = today or timezone.localdate()
    if today > request.response_due:
        return DeadlineStatus.OVERDUE
    if working_days_between(today, request.response_due) <= AT_RISK_WORKING_DAYS:
        return DeadlineStatus.AT_RISK
    return DeadlineStatus.OK


def response_working_days(request: AdviceRequest) -> int | None:
    """Working days from submission to the first answer (0: the same day); None if unanswered."""
    if request.first_response_at is None:
        return None
    start = timezone.localdate(request.submitted_at)
    end = timezone.localdate(request.first_response_at)
    return working_days_between(start, end)
