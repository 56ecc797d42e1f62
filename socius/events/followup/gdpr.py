"""Personal data after events: what a person did as an organiser (minutes they wrote, changed
or approved; materials they added). Survey answers hold no link to anyone, and invitations
belong to the registration (exported and erased with it by the registration part).

Nothing is erased here: the minutes and materials are the organiser's published work, and the
account itself is anonymised by ``accounts.services.account_delete``, which leaves these
references pointing at a nameless account.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from socius.core.personal_data import personal_data_register
from socius.events.followup.models import Material, Minutes


def _export(user: Any) -> dict[str, Any]:
    minutes = Minutes.objects.filter(
        Q(author=user) | Q(last_edited_by=user) | Q(approved_by=user)
    ).select_related("event")
    materials = Material.objects.filter(created_by=user).select_related("event")
    return {
        "minutes": [
            {
                "event": m.event.slug,
                "state": m.state,
                "wrote": m.author_id == user.pk,
                "last_changed": m.last_edited_by_id == user.pk,
                "approved": m.approved_by_id == user.pk,
                "approved_at": m.approved_at.isoformat() if m.approved_at else None,
            }
            for m in minutes
        ],
        "materials": [
            {
                "event": m.event.slug,
                "kind": m.kind,
                "title": m.title,
                "added_at": m.created_at.isoformat(),
            }
            for m in materials
        ],
    }


personal_data_register("event_followup", export=_export)
