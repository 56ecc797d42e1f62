"""Citizen proposals on the staff workbench: proposals to review and the council's deadlines."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workbench import Queue, QueueItem, workbench_register
from socius.proposals import selectors


def proposals_queue(user: Any) -> Queue | None:
    """Submitted proposals waiting for review, and proposals the council must decide by a
    date (case handlers and administrators)."""
    if not user_can(user, Capability.PROPOSALS_REVIEW):
        return None
    today = timezone.localdate()
    items = [
        QueueItem(
            label=p.title,
            url=reverse("proposals:staff-proposal", args=[p.public_id]),
            note=_("Waiting for review"),
        )
        for p in selectors.proposal_list_for_review()
    ]
    if user_can(user, Capability.PROPOSALS_COUNCIL):
        items += [
            QueueItem(
                label=p.title,
                url=reverse("proposals:staff-proposal", args=[p.public_id]),
                due=p.council_deadline,
                overdue=bool(p.council_deadline and p.council_deadline < today),
                note=_("The council must decide by"),
            )
            for p in selectors.proposal_list_for_council()
        ]
    return Queue(
        key="proposals",
        title=_("Citizen proposals"),
        url=reverse("proposals:staff-queue"),
        link_text=_("Open the proposals queue"),
        items=items,
        count=len(items),
        overdue=sum(1 for i in items if i.overdue),
        empty_text=_("No proposals waiting for review or a council decision."),
    )


workbench_register("proposals", proposals_queue, order=20)
