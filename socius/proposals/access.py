"""The one door to proposals that are not public. Missing and forbidden look the same (404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import user_can
from socius.proposals.models import Proposal
from socius.proposals.workflows import PUBLIC_STATES


def proposal_for_view(*, user: Any, public_id: Any) -> Proposal:
    """Public proposals for everyone; one not yet public for its proposer, its confirmed
    co-proposers and staff."""
    proposal = (
        Proposal.objects.select_related("municipality", "theme", "proposer")
        .filter(public_id=public_id)
        .first()
    )
    if proposal is None:
        raise Http404
    if proposal.state in PUBLIC_STATES:
        return proposal
    if getattr(user, "is_authenticated", False) and (
        user.pk == proposal.proposer_id
        or user_can(user, "proposals.review")
        or proposal.coproposers.filter(user=user, confirmed_at__isnull=False).exists()
    ):
        return proposal
    raise Http404


def proposal_for_proposer(*, user: Any, public_id: Any) -> Proposal:
    """A proposal its proposer may act on."""
    proposal = Proposal.objects.select_related("municipality").filter(public_id=public_id).first()
    if proposal is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if user.pk != proposal.proposer_id:
        raise Http404
    return proposal


def proposal_for_staff(*, user: Any, public_id: Any, capability: str) -> Proposal:
    """Any proposal, for staff holding ``capability``."""
    if not user_can(user, capability):
        raise Http404
    proposal = Proposal.objects.select_related("municipality").filter(public_id=public_id).first()
    if proposal is None:
        raise Http404
    return proposal
