"""Advice's part of a person's data export and erasure (see socius/core/personal_data.py).

A request belongs to the organisation that asked, and the messages on it are the service's case
record: both stay after a person deletes their account, shown under the anonymised name (the
account row is kept, anonymised). What the person wrote is exported. On erasure we drop the link
between the person and the requests they submitted, so the organisation's request no longer
points to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from socius.advice.models import AdviceMessage, AdviceNote, AdviceRequest
from socius.core.personal_data import personal_data_register

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> dict[str, Any]:
    return {
        "requests": [
            {
                "request": str(r.public_id),
                "organisation": r.organisation.name,
                "submitted": r.submitted_at.isoformat(),
                "title": r.title,
                "target_group": r.target_group,
                "description": r.description,
            }
            for r in AdviceRequest.objects.filter(created_by=user).select_related("organisation")
        ],
        "messages": [
            {"request": str(m.request.public_id), "time": m.created_at.isoformat(), "text": m.body}
            for m in AdviceMessage.objects.filter(author=user).select_related("request")
        ],
        "notes": [
            {"request": str(n.request.public_id), "time": n.created_at.isoformat(), "text": n.body}
            for n in AdviceNote.objects.filter(author=user).select_related("request")
        ],
    }


def _erase(user: User) -> None:
    AdviceRequest.objects.filter(created_by=user).update(created_by=None)


personal_data_register("advice", export=_export, erase=_erase)
