"""Core's own queue on the staff workbench: politicians waiting for their party to be
verified, for administrators, who also reach the people list and the audit log from it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.models import PoliticianProfile
from socius.core.roles import Capability
from socius.core.workbench import Queue, QueueItem, workbench_register


def politicians_queue(user: Any) -> Queue | None:
    """Stated parties not yet verified (administrators: the people list is theirs alone)."""
    if not user_can(user, Capability.PERSON_LIST):
        return None
    profiles = PoliticianProfile.objects.filter(verified_at__isnull=True).select_related(
        "user", "party"
    )
    items = [
        QueueItem(
            label=f"{p.user.display_name} ({p.party.name})",
            url=reverse("accounts:staff-person", args=[p.user.public_id]),
            note=_("Party to verify"),
            since=timezone.localdate(p.created_at),
        )
        for p in profiles.order_by("created_at", "id")
    ]
    return Queue(
        key="people",
        title=_("People and roles"),
        url=reverse("accounts:staff-people"),
        link_text=_("Open the people list"),
        items=items,
        count=len(items),
        empty_text=_("No politicians are waiting to have their party verified."),
    )


workbench_register("people", politicians_queue, order=60)
