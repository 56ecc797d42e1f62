"""The one door to cross-party support: a target is found only while it is public, and a
person reaches only their own endorsement. Missing and forbidden look the same (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404

from socius.council import selectors_endorsements as selectors
from socius.council.models import Endorsement

if TYPE_CHECKING:
    from socius.accounts.models import User


def target_for_view(kind: str, key: Any) -> selectors.Target:
    """A public recommendation or proposal, else 404 (a draft is as unknown as a missing one)."""
    if kind not in selectors.KINDS:
        raise Http404
    target = selectors.target_get(kind, key)
    if target is None:
        raise Http404
    return target


def endorsement_for_politician(*, user: User, public_id: Any) -> Endorsement:
    """The person's own standing endorsement; another person's, a withdrawn one or a missing
    one is 404."""
    endorsement = Endorsement.objects.filter(
        public_id=public_id, politician=user, withdrawn_at__isnull=True
    ).first()
    if endorsement is None:
        raise Http404
    return endorsement
