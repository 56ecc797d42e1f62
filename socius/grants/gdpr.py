"""Grants' part of a person's data export and erasure (see socius/core/personal_data.py).

Applications belong to organisations and stay with them; messages and reviews are part of the
municipality's case records and stay too, shown under the anonymised name after a deletion.
Declared conflicts of interest concern only the person and are erased with the account."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.core.personal_data import personal_data_register
from socius.grants.models import ConflictOfInterest, Message, ReviewAssignment

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    return {
        "messages": [
            {
                "application": str(m.application.public_id),
                "time": m.created_at.isoformat(),
                "text": m.body,
            }
            for m in Message.objects.filter(author=user).select_related("application")
        ],
        "reviews": [
            {
                "application": str(r.application.public_id),
                "submitted": r.submitted_at.isoformat() if r.submitted_at else None,
                "comment": r.comment,
                "scores": {s.criterion.key: s.value for s in r.scores.all()},
            }
            for r in ReviewAssignment.objects.filter(reviewer=user)
            .select_related("application")
            .prefetch_related("scores__criterion")
        ],
        "conflicts_of_interest": [
            {"organisation": c.organisation.name, "reason": c.reason}
            for c in ConflictOfInterest.objects.filter(reviewer=user).select_related("organisation")
        ],
    }


def _erase(user: User) -> None:
    ConflictOfInterest.objects.filter(reviewer=user).delete()


personal_data_register("grants", export=_export, erase=_erase)
