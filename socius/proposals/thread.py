"""Citizen proposals on the golden thread (the key is the proposal's public id).

Visitors see proposals in the public states only (published onwards, as on the proposal's own
page); a proposal not yet public resolves for its proposer and for staff who review proposals,
and for nobody else. The people who took part are the proposer, the confirmed co-proposers and
the followers: signatures are not tied to accounts, so signers are not reached from here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db.models import Q
from django.utils.text import Truncator
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.core.threads import ORDER_PROPOSAL, StepInfo, StepKind, step_kind_register
from socius.proposals.models import CoProposer, Follower, Proposal
from socius.proposals.workflows import PUBLIC_STATES, ProposalState

CANDIDATES = 20
SUMMARY_CHARS = 240


def _ids(keys: Sequence[str]) -> list[uuid.UUID]:
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(key))
        except (ValueError, TypeError, AttributeError):
            continue
    return found


def _visible(viewer: Any) -> Q:
    if user_can(viewer, Capability.PROPOSALS_REVIEW):
        return Q()
    public = Q(state__in=PUBLIC_STATES)
    if getattr(viewer, "is_authenticated", False):
        return public | Q(proposer_id=viewer.pk)
    return public


def _status(p: Proposal) -> str:
    status = str(ProposalState(p.state).label)
    if p.published_at and p.threshold:
        status += " · " + _("%(n)s of %(t)s signatures") % {
            "n": f"{p.signature_count:n}",
            "t": f"{p.threshold:n}",
        }
    if p.decision:
        status += " · " + str(p.get_decision_display())
    return status


def proposals_for_thread(keys: Sequence[str], viewer: Any) -> Mapping[str, StepInfo]:
    """The proposals among ``keys`` that ``viewer`` may see, with their signature counts: one
    query (and one role check for a signed-in viewer)."""
    found = (
        Proposal.objects.with_counts()
        .select_related("municipality")
        .filter(public_id__in=_ids(keys))
        .filter(_visible(viewer))
    )
    return {
        str(p.public_id): StepInfo(
            title=p.title,
            url=p.get_absolute_url(),
            status=_status(p),
            date=localdate(p.published_at or p.created_at),
            summary=p.municipality.name + ": " + Truncator(p.text).chars(SUMMARY_CHARS),
        )
        for p in found
    }


def proposals_existing(keys: Sequence[str]) -> list[str]:
    """Proposals among ``keys`` in any state (a draft started from a recommendation joins
    the recommendation's thread; the thread shows it once it is public)."""
    found = Proposal.objects.filter(public_id__in=_ids(keys)).values_list("public_id", flat=True)
    return [str(public_id) for public_id in found]


def proposal_participants(keys: Sequence[str]) -> Iterable[int]:
    """The proposers, confirmed co-proposers and followers of the proposals ``keys`` (three
    queries)."""
    ids = _ids(keys)
    people = set(Proposal.objects.filter(public_id__in=ids).values_list("proposer_id", flat=True))
    people.update(
        CoProposer.objects.filter(
            proposal__public_id__in=ids, confirmed_at__isnull=False, user__isnull=False
        ).values_list("user_id", flat=True)
    )
    people.update(
        Follower.objects.filter(proposal__public_id__in=ids).values_list("user_id", flat=True)
    )
    return sorted(i for i in people if i is not None)


def proposal_candidates(text: str) -> list[tuple[str, str]]:
    """Up to 20 public proposals whose title holds ``text``, newest first."""
    found = Proposal.objects.filter(state__in=PUBLIC_STATES, title__icontains=text.strip())
    return [
        (str(public_id), title)
        for public_id, title in found.order_by("-published_at", "-id").values_list(
            "public_id", "title"
        )[:CANDIDATES]
    ]


step_kind_register(
    StepKind(
        key="proposal",
        label=gettext_lazy("Citizen proposal"),
        plural=gettext_lazy("Citizen proposals"),
        order=ORDER_PROPOSAL,
        resolve=proposals_for_thread,
        participants=proposal_participants,
        candidates=proposal_candidates,
        exists=proposals_existing,
    )
)
