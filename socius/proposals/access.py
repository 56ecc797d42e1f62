"""The one door to proposals that are not public. Missing and forbidden look the same (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.http import Http404

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.proposals import selectors
from socius.proposals.models import Proposal
from socius.proposals.workflows import PUBLIC_STATES

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.access import Viewer


def proposal_for_view(*, user: Viewer, public_id: Any) -> Proposal:
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
        or user_can(user, Capability.PROPOSALS_REVIEW)
        or proposal.coproposers.filter(user=cast("User", user), confirmed_at__isnull=False).exists()
    ):
        return proposal
    raise Http404


def proposal_for_proposer(*, user: User, public_id: Any) -> Proposal:
    """A proposal its proposer may act on."""
    proposal = Proposal.objects.select_related("municipality").filter(public_id=public_id).first()
    if proposal is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if user.pk != proposal.proposer_id:
        raise Http404
    return proposal


def proposal_for_staff(*, user: User, public_id: Any, capability: Capability) -> Proposal:
    """Any proposal, for staff holding ``capability``."""
    if not user_can(user, capability):
        raise Http404
    proposal = Proposal.objects.select_related("municipality").filter(public_id=public_id).first()
    if proposal is None:
        raise Http404
    return proposal


def proposal_for_signing_page(public_id: Any) -> Proposal:
    """A public proposal, read fresh, for the signing page."""
    proposal = selectors.proposal_public(public_id)
    if proposal is None:
        raise Http404
    return proposal


def proposal_for_signing(public_id: Any) -> Proposal:
    """The proposal a signature is posted for (a copy at most two seconds old, see
    selectors.proposal_for_signing); the signing service checks again that it is open."""
    proposal = selectors.proposal_for_signing(public_id)
    if proposal is None:
        raise Http404
    return proposal
