"""The advisors' queue on the staff workbench: open requests by first-answer deadline."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from socius.advice import selectors
from socius.advice.deadlines import DeadlineStatus
from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workbench import Queue, QueueItem, workbench_register


def advice_queue(user: Any) -> Queue | None:
    """Open advice requests, the first-answer deadline first (advisors and administrators)."""
    if not user_can(user, Capability.ADVICE_HANDLE):
        return None
    requests = selectors.request_queue(user=user)
    items = []
    for req in requests:
        status = req.deadline  # type: ignore[attr-defined]
        note = {
            DeadlineStatus.OVERDUE: _("First answer overdue"),
            DeadlineStatus.AT_RISK: _("First answer due soon"),
        }.get(status, _("First answer due"))
        if req.first_response_at is not None:
            note = _("Answered")
        items.append(
            QueueItem(
                label=f"{req.organisation.name}: {req.title}",
                url=reverse("advice:advisor-request", args=[req.public_id]),
                due=None if req.first_response_at else req.response_due,
                overdue=status == DeadlineStatus.OVERDUE,
                note=str(note),
            )
        )
    return Queue(
        key="advice",
        title=_("Community advice requests"),
        url=reverse("advice:queue"),
        link_text=_("Open the advice queue"),
        items=items,
        count=len(items),
        overdue=sum(1 for i in items if i.overdue),
        empty_text=_("No open advice requests."),
    )


workbench_register("advice", advice_queue, order=10)
