"""Whistleblower cases on the staff workbench: dates and counts only, never case content.

Threat model: the workbench is a page many staff roles see. Only people who hold
``whistleblowing.handle`` and are named handlers of a channel get this queue, and even they
see only when a case came in and when it must be acknowledged (7 days) and given feedback
(3 months); what a report says stays behind the handler's unlocked key on the case page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from socius.core.workbench import Queue, QueueItem, workbench_register
from socius.whistleblowing.access import channels_for_handler
from socius.whistleblowing.selectors import case_deadlines_for


def _note(acknowledgement_status: str) -> str:
    if acknowledgement_status in ("done",):
        return _("Feedback due (3 months)")
    return _("Acknowledgement due (7 days)")


def whistleblowing_queue(user: Any) -> Queue | None:
    """Open cases of the channels ``user`` handles, overdue first."""
    if not channels_for_handler(user):
        return None
    rows = case_deadlines_for(user=user)
    items = [
        QueueItem(
            label=_("Case in %(channel)s") % {"channel": row.channel_name},
            url=reverse("whistleblowing:handler-case", args=[row.public_id]),
            due=row.next_due,
            overdue=row.overdue,
            note=_note(row.acknowledgement.status),
            since=row.received_on,
        )
        for row in rows
    ]
    return Queue(
        key="whistleblowing",
        title=_("Whistleblower cases"),
        url=reverse("whistleblowing:handler-home"),
        link_text=_("Open case handling"),
        items=items,
        count=len(items),
        overdue=sum(1 for i in items if i.overdue),
        empty_text=_("No open whistleblower cases."),
    )


workbench_register("whistleblowing", whistleblowing_queue, order=30)
