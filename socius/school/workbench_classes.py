"""The elective's queue on the staff workbench: teachers waiting for the municipality's
administrator to verify them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.workbench import Queue, QueueItem, workbench_register
from socius.school.selectors_classes import teacher_pending_list


def teachers_queue(user: Any) -> Queue | None:
    """Teachers to verify (administrators)."""
    if not user_can(user, Capability.SCHOOL_TEACHERS_VERIFY):
        return None
    items = [
        QueueItem(
            label=f"{p.user.display_name} ({p.school.name}, {p.school.municipality.name})",
            url=reverse("school:teacher-list") + f"?municipality={p.school.municipality_id}",
            note=_("Teacher to verify"),
            since=timezone.localdate(p.created_at),
        )
        for p in teacher_pending_list()
    ]
    return Queue(
        key="school-teachers",
        title=_("Teachers"),
        url=reverse("school:teacher-list"),
        link_text=_("Open the list of teachers"),
        items=items,
        count=len(items),
        empty_text=_("No teachers are waiting to be verified."),
    )


workbench_register("school-teachers", teachers_queue, order=65)
