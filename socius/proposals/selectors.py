"""Reads of citizen proposals."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from socius.core.mail import Address
from socius.core.models import Municipality
from socius.proposals.models import (
    Follower,
    MunicipalitySettings,
    Proposal,
    Signature,
    Tally,
    Track,
)
from socius.proposals.workflows import PUBLIC_STATES, SIGNING_STATES, ProposalState

SORTS = {
    "newest": ["-published_at", "-id"],
    "signed": ["-total", "-id"],
    "ending": ["signing_ends_at", "id"],
}
# Open for signing first (``is_signing`` is annotated by proposal_list_public), then newest.
SIGNING_FIRST = ["-is_signing", "-published_at", "-id"]


def settings_for(municipality: Municipality) -> MunicipalitySettings:
    """The municipality's rules, created with the defaults the first time they are asked for."""
    rules, _created = MunicipalitySettings.objects.get_or_create(municipality=municipality)
    return rules


def proposal_list_public(
    *, q: str = "", theme: str = "", state: str = "", sort: str = "newest", track: str = ""
) -> QuerySet[Proposal]:
    """Public proposals, filtered and sorted as the list page asks."""
    qs = (
        Proposal.objects.filter(state__in=PUBLIC_STATES)
        .select_related("municipality", "theme")
        .with_counts()
        .annotate(
            is_signing=Case(
                When(state__in=SIGNING_STATES, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )
    if state in PUBLIC_STATES:
        qs = qs.filter(state=state)
    if theme:
        qs = qs.filter(theme__slug=theme)
    if track in Track.values:
        qs = qs.filter(track=track)
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


def proposal_municipalities(public_ids: list[Any]) -> dict[str, int]:
    """Public id (as text) -> municipality id of the public proposals among ``public_ids``,
    in one query (other modules' pages that name many proposals at once)."""
    rows = Proposal.objects.filter(public_id__in=public_ids, state__in=PUBLIC_STATES).values_list(
        "public_id", "municipality_id"
    )
    return {str(public_id): municipality for public_id, municipality in rows}


# Per process: public id -> (expires at, proposal). See proposal_for_signing.
_SIGNING_COPIES: dict[str, tuple[float, Proposal]] = {}
SIGNING_COPY_SECONDS = 2.0


def proposal_for_signing(public_id: Any) -> Proposal | None:
    """The proposal a signature is for, read from the database at most once every two seconds
    per process; each caller gets its own copy.

    In a surge every signer asks for the same proposal. What the signing path takes from it is
    fixed at publication (the terms with the age and residence rules, the threshold, the
    municipality), and the statement that stores a signature checks again, in the database,
    that the proposal is still open, so a copy a moment old can never let a closed proposal
    take a signature. Pages that show the proposal read it fresh."""
    key = str(public_id)
    now = time.monotonic()
    held = _SIGNING_COPIES.get(key)
    if held is None or held[0] < now:
        proposal = proposal_public(public_id)
        if proposal is None:
            return None
        if len(_SIGNING_COPIES) >= 256:  # bounded: many proposals at once just read more often
            _SIGNING_COPIES.clear()
        held = _SIGNING_COPIES[key] = (now + SIGNING_COPY_SECONDS, proposal)
    return _own_copy(held[1])


def _own_copy(proposal: Proposal) -> Proposal:
    """What ``copy.copy(proposal)`` gives (its own field values and model state; the related
    objects it has loaded, shared), made directly: copy.copy goes through the pickling
    protocol (Model.__reduce__, a version stamp, model_unpickle), several times the cost,
    once per signer in a surge."""
    clone = Proposal.__new__(Proposal)
    clone.__dict__.update(proposal.__dict__)
    state = proposal._state
    own_state = object.__new__(type(state))
    own_state.__dict__.update(state.__dict__)
    own_state.__dict__.pop("peers", None)  # weak references to the rows read with it
    own_state.fields_cache = dict(state.fields_cache)
    clone._state = own_state
    return clone


def proposal_list_for(*, user: Any) -> QuerySet[Proposal]:
    """The proposals ``user`` made or confirmed as co-proposer, in any state, newest first.

    Signatures are not listed: a signature is stored only under a keyed hash of the signer's
    MitID identity, never with an account (see identity.py), so no account can list them."""
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return (
        Proposal.objects.filter(
            Q(proposer=user) | Q(coproposers__user=user, coproposers__confirmed_at__isnull=False)
        )
        .select_related("municipality")
        .distinct()
        .order_by("-created_at", "-id")
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


def proposal_followers(proposal: Proposal) -> list[Any]:
    """The proposer and every follower, once each, active accounts only."""
    user_ids = {proposal.proposer_id} | set(
        Follower.objects.filter(proposal=proposal).values_list("user_id", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True))


def proposal_secretariat(proposal: Proposal) -> list[Address]:
    """The council secretariat's address from the municipality's rules (Danish), if any."""
    rules = MunicipalitySettings.objects.filter(municipality_id=proposal.municipality_id).first()
    if rules is None or not rules.secretariat_email:
        return []
    return [Address(rules.secretariat_email, language="da")]


def proposal_list_collecting(*, municipality: Any = None) -> QuerySet[Proposal]:
    """Proposals open for signing, the soonest to close first (front page, municipal spaces)."""
    qs = proposal_list_public().filter(state__in=SIGNING_STATES)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("signing_ends_at", "id")


def proposal_list_for_theme(theme: Any) -> QuerySet[Proposal]:
    """Public proposals on ``theme``, those open for signing first, then the newest."""
    return proposal_list_public().filter(theme=theme).order_by(*SIGNING_FIRST)


def proposal_list_for_municipality(municipality: Any) -> QuerySet[Proposal]:
    """A municipality's public proposals, those open for signing first, then the newest."""
    return proposal_list_public().filter(municipality=municipality).order_by(*SIGNING_FIRST)


def proposal_for_recommendation(page_id: int) -> Proposal | None:
    """The first proposal started from the knowledge hub's recommendation ``page_id``."""
    return Proposal.objects.filter(recommendation_page_id=page_id).order_by("id").first()
