"""Personal data of check-in: the scans an organiser sent from their phone (which event, when,
how many, with what outcome). A participant's own check-in is the registration's
``checked_in_at``, exported and erased with the registration.

Erasing a person keeps the scans (they are the event's attendance record) and removes who sent
them: ``synced_by`` becomes empty.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from socius.core.personal_data import personal_data_register
from socius.events.checkin.models import Scan


def _export(user: Any) -> dict[str, Any]:
    rows = (
        Scan.objects.filter(synced_by=user)
        .values("event__slug", "outcome")
        .annotate(scans=Count("id"))
        .order_by("event__slug", "outcome")
    )
    return {
        "scans_sent": [
            {"event": r["event__slug"], "outcome": r["outcome"], "scans": r["scans"]} for r in rows
        ]
    }


def _erase(user: Any) -> None:
    Scan.objects.filter(synced_by=user).update(synced_by=None)


personal_data_register("event_checkin", export=_export, erase=_erase)
