"""Pages awaiting review in the knowledge hub's Wagtail workflow, on the staff workbench."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workbench import Queue, QueueItem, workbench_register
from socius.knowledge import selectors


def knowledge_review_queue(user: Any) -> Queue | None:
    """Pages another editor submitted for review (editors; never one's own work)."""
    if not user_can(user, Capability.KNOWLEDGE_EDIT):
        return None
    items = [
        QueueItem(
            label=state.revision.object_str if state.revision else str(_("Untitled page")),
            url=reverse("wagtailadmin_pages:edit", args=[state.workflow_state.object_id]),
            note=_("Waiting for review"),
            since=timezone.localdate(state.started_at),
        )
        for state in selectors.review_task_list_for(user=user)
    ]
    return Queue(
        key="knowledge-review",
        title=_("Pages awaiting your review"),
        url=reverse("wagtailadmin_home"),
        link_text=_("Open the knowledge hub's editing (CMS)"),
        items=items,
        count=len(items),
        empty_text=_("No pages are waiting for your review."),
    )


workbench_register("knowledge-review", knowledge_review_queue, order=50)
