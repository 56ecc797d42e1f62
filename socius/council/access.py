"""Who may see and do what in the council module.

Every council item, meeting and decision is public. Writing is for the secretariat
(COUNCIL_SECRETARIAT: items, meetings, decisions, follow-up) and for administrators
(COUNCIL_COMPOSITION: the council, its party groups and committees). Staff pages are pages
staff know of, so a person without the role gets 403; an unknown item is a 404."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import require
from socius.core.roles import Capability
from socius.council.models import Council, CouncilItem


def item_for_secretariat(*, user: Any, public_id: Any) -> CouncilItem:
    """The item for the secretariat's pages: 403 without the role, then 404 if unknown."""
    require(user, Capability.COUNCIL_SECRETARIAT)
    from socius.council.selectors import item_public

    item = item_public(public_id)
    if item is None:
        raise Http404
    return item


def council_for_staff(*, user: Any, slug: str, capability: Capability) -> Council:
    """A participating municipality's council for a staff page: 403, then 404."""
    require(user, capability)
    from socius.council.selectors import council_public

    council = council_public(slug)
    if council is None:
        raise Http404
    return council
