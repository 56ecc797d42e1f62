"""Reads: deadlines and the handler's inbox."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from socius.core.access import user_can
from socius.core.calendar import add_months
from socius.core.roles import Capability
from socius.whistleblowing.approvals import channels_receiving
from socius.whistleblowing.models import Channel, Report
from socius.whistleblowing.workflows import CaseState

if TYPE_CHECKING:
    from socius.accounts.models import User


ACK_DAYS = 7
ACK_WARN_DAY = 5
FEEDBACK_MONTHS = 3
FEEDBACK_WARN_DAYS = 15


@dataclass(frozen=True)
class Deadline:
    due: datetime.date | None
    status: str  # "done", "ok", "warning", "overdue"; "pending" when not started yet


def acknowledgement_deadline(report: Report, today: datetime.date | None = None) -> Deadline:
    """Acknowledge within 7 days of receipt (Danish local dates); warn from day 5."""
    today = today or timezone.localdate()
    due = report.received_on + datetime.timedelta(days=ACK_DAYS)
    if report.acknowledged_on:
        return Deadline(due, "done")
    if today > due:
        return Deadline(due, "overdue")
    if today >= report.received_on + datetime.timedelta(days=ACK_WARN_DAY):
        return Deadline(due, "warning")
    return Deadline(due, "ok")


_FEEDBACK_DONE = {CaseState.FEEDBACK_GIVEN, CaseState.CLOSED, CaseState.OUT_OF_SCOPE}


def feedback_deadline(report: Report, today: datetime.date | None = None) -> Deadline:
    """Feedback within 3 calendar months of the acknowledgement; warn 15 days before."""
    today = today or timezone.localdate()
    if not report.acknowledged_on:
        return Deadline(None, "pending")
    due = add_months(report.acknowledged_on, FEEDBACK_MONTHS)
    if report.state in _FEEDBACK_DONE:
        return Deadline(due, "done")
    if today > due:
        return Deadline(due, "overdue")
    if today >= due - datetime.timedelta(days=FEEDBACK_WARN_DAYS):
        return Deadline(due, "warning")
    return Deadline(due, "ok")


@dataclass(frozen=True)
class ReporterDates:
    acknowledge_by: datetime.date
    acknowledged_on: datetime.date | None
    feedback_by: datetime.date


def reporter_dates(report: Report) -> ReporterDates:
    """The two dates the law promises the reporter (whistleblower act §§ 11-12): receipt is
    confirmed within 7 days, and feedback given within 3 months of that confirmation, or of
    the end of the 7 days when no confirmation was sent."""
    acknowledge_by = report.received_on + datetime.timedelta(days=ACK_DAYS)
    start = report.acknowledged_on or acknowledge_by
    return ReporterDates(acknowledge_by, report.acknowledged_on, add_months(start, FEEDBACK_MONTHS))


@dataclass(frozen=True)
class InboxRow:
    report: Report
    acknowledgement: Deadline
    feedback: Deadline


def inbox_for(*, user: User, channel: Channel) -> list[InboxRow]:
    """The channel's cases ``user`` may see, oldest deadline first; metadata only."""
    today = timezone.localdate()
    reports = (
        Report.objects.filter(channel=channel)
        .exclude(excluded_handlers=user)
        .only(
            "public_id",
            "state",
            "kind",
            "received_on",
            "acknowledged_on",
            "delete_after",
            "legal_hold",
            "channel_id",
        )
        .order_by("received_on", "id")
    )
    return [
        InboxRow(r, acknowledgement_deadline(r, today), feedback_deadline(r, today))
        for r in reports
    ]


@dataclass(frozen=True)
class CaseDeadlines:
    """One open case as the staff workbench shows it: dates and states only, never content."""

    public_id: Any
    channel_slug: str
    channel_name: str
    received_on: datetime.date
    acknowledgement: Deadline
    feedback: Deadline

    @property
    def overdue(self) -> bool:
        return "overdue" in (self.acknowledgement.status, self.feedback.status)

    @property
    def next_due(self) -> datetime.date:
        dates = [
            d.due
            for d in (self.acknowledgement, self.feedback)
            if d.due is not None and d.status not in ("done", "pending")
        ]
        return min(dates) if dates else self.received_on


def case_deadlines_for(*, user: Any) -> list[CaseDeadlines]:
    """The open cases of every channel ``user`` handles (holding the capability and named on
    the channel, minus cases they are excluded from), with the 7-day acknowledgement and the
    3-month feedback deadline; overdue first, then by the next date due. One query.

    Only the fields the deadlines need are read: the sealed content never leaves the table."""
    if not user_can(user, Capability.WHISTLEBLOWING_HANDLE):
        return []
    today = timezone.localdate()
    reports = (
        Report.objects.filter(channel__handlers=user)
        .exclude(excluded_handlers=user)
        .exclude(state__in=[CaseState.CLOSED, CaseState.OUT_OF_SCOPE])
        .select_related("channel")
        .only(
            "public_id",
            "state",
            "received_on",
            "acknowledged_on",
            "channel__slug",
            "channel__name",
        )
        .order_by("received_on", "id")
    )
    rows = [
        CaseDeadlines(
            r.public_id,
            r.channel.slug,
            r.channel.name,
            r.received_on,
            acknowledgement_deadline(r, today),
            feedback_deadline(r, today),
        )
        for r in reports
    ]
    return sorted(rows, key=lambda row: (not row.overdue, row.next_due))


def channel_list_for_municipality(municipality: Any) -> list[Channel]:
    """The channels open for reports in ``municipality``'s whistleblower scheme (metadata that
    is public anyway: name, who may report, the address of the form). A channel without an
    approved handler key is left out: nobody could read a report sent there."""
    return channels_receiving(
        Channel.objects.filter(is_active=True, municipality=municipality).order_by("name")
    )
