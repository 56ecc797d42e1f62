"""Grant reviews assigned to the person, on the staff workbench."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workbench import Queue, QueueItem, workbench_register
from socius.grants import selectors


def grants_review_queue(user: Any) -> Queue | None:
    """The reviews assigned to ``user`` and not yet submitted (reviewers)."""
    if not user_can(user, Capability.GRANTS_REVIEW):
        return None
    items = [
        QueueItem(
            label=f"{a.application.organisation.name}: {a.application.title}",
            url=reverse("grants:review-detail", args=[a.pk]),
            note=_("Round: %(round)s") % {"round": a.application.round.name},
            since=timezone.localdate(a.created_at),
        )
        for a in selectors.review_list_for(user=user)
    ]
    return Queue(
        key="grants-review",
        title=_("Grant reviews assigned to you"),
        url=reverse("grants:review-list"),
        link_text=_("Open your reviews"),
        items=items,
        count=len(items),
        empty_text=_("No reviews are waiting for you."),
    )


workbench_register("grants-review", grants_review_queue, order=40)
