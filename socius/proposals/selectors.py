"""Reads of citizen proposals."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from socius.core.models import Municipality
from socius.proposals.models import MunicipalitySettings, Proposal, Signature, Tally
from socius.proposals.workflows import PUBLIC_STATES, ProposalState

SORTS = {
    "newest": ["-published_at", "-id"],
    "signed": ["-total", "-id"],
    "ending": ["signing_ends_at", "id"],
}


def settings_for(municipality: Municipality) -> MunicipalitySettings:
    """The municipality's rules, created with the defaults the first time they are asked for."""
    rules, _created = MunicipalitySettings.objects.get_or_create(municipality=municipality)
    return rules


def proposal_list_public(
    *, q: str = "", theme: str = "", state: str = "", sort: str = "newest"
) -> QuerySet[Proposal]:
    """Public proposals, filtered and sorted as the list page asks."""
    qs = (
        Proposal.objects.filter(state__in=PUBLIC_STATES)
        .select_related("municipality", "theme")
        .annotate(total=F("signatures_online") + F("signatures_paper"))
    )
    if state in PUBLIC_STATES:
        qs = qs.filter(state=state)
    if theme:
        qs = qs.filter(theme__slug=theme)
    words = q.split()[:8]
    for word in words:
        qs = qs.filter(Q(title__icontains=word[:50]) | Q(text__icontains=word[:50]))
    if sort == "ending":
        qs = qs.filter(state__in=[ProposalState.PUBLISHED, ProposalState.THRESHOLD])
    return qs.order_by(*SORTS.get(sort, SORTS["newest"]))


def proposal_public(public_id: Any) -> Proposal | None:
    return (
        Proposal.objects.select_related("municipality", "theme")
        .filter(public_id=public_id, state__in=PUBLIC_STATES)
        .first()
    )


def proposal_list_for_review() -> QuerySet[Proposal]:
    return Proposal.objects.filter(state=ProposalState.SUBMITTED).order_by("submitted_at")


def proposal_list_for_council() -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        state__in=[ProposalState.THRESHOLD, ProposalState.COUNCIL]
    ).order_by("council_deadline")


def days_left(proposal: Proposal, now: datetime.datetime | None = None) -> int | None:
    if proposal.signing_ends_at is None or proposal.state not in (
        ProposalState.PUBLISHED,
        ProposalState.THRESHOLD,
    ):
        return None
    delta = proposal.signing_ends_at - (now or timezone.now())
    return max(0, delta.days + (1 if delta.seconds else 0))


def valid_signatures(proposal: Proposal) -> QuerySet[Signature]:
    return Signature.objects.filter(proposal=proposal, withdrawn_at__isnull=True)


def tally_latest(proposal: Proposal) -> Tally | None:
    return Tally.objects.filter(proposal=proposal).order_by("-day").first()


def tally_with_receipt(receipt_hash: str) -> tuple[Tally, int] | None:
    """The newest published count whose leaves include ``receipt_hash``, and its index."""
    signature = Signature.objects.filter(receipt_hash=receipt_hash).first()
    if signature is None:
        return None
    for tally in Tally.objects.filter(proposal_id=signature.proposal_id).order_by("-day")[:3]:
        leaves = tally.leaf_list()
        try:
            return tally, leaves.index(receipt_hash)
        except ValueError:
            continue
    return None
