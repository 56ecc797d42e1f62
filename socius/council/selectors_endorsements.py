"""Reads of cross-party support: what can be endorsed (a published recommendation, a public
citizen proposal), who endorses it, and the measure of how broad the support is.

The measure (``support_measure``) is a pure function: breadth across parties, never a sum of
people. docs/programme.md explains it, and so does the page /byraad/opbakning/sadan-maales-det/.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from socius.core.models import Party, PoliticianProfile
from socius.council.models import Bloc, CouncilGroup, Endorsement, EndorsementInvitation, PartyBloc

KIND_RECOMMENDATION = "recommendation"
KIND_PROPOSAL = "proposal"
KINDS = (KIND_RECOMMENDATION, KIND_PROPOSAL)
# The blocs a party can count in; "outside the blocs" is no bloc of its own.
BLOCS = (Bloc.RED, Bloc.CENTRE, Bloc.BLUE)
# A page id longer than this overflows the database's integer: no such page.
MAX_PAGE_ID_DIGITS = 18


# --- The measure (pure) -----------------------------------------------------------------------
@dataclass(frozen=True)
class SupportMeasure:
    """How broad a target's support is.

    ``spread`` is the normalised Shannon entropy of the supporting parties over the blocs that
    exist: 0 when every party with a bloc is in one bloc, 1 when they are spread evenly over all
    of them; None when it cannot be computed (no party with a bloc, or fewer than two blocs).
    ``seat_share`` is the share (0-1) of the council's seats held by supporting parties, where
    a council composition is known."""

    parties: int
    blocs_reached: int
    blocs_total: int
    spread: float | None
    outside_blocs: int = 0
    seat_share: float | None = None
    per_bloc: Mapping[str, int] = field(default_factory=dict)


def support_measure(
    party_blocs: Mapping[int, str | None],
    blocs: Iterable[str],
    *,
    seats: Mapping[int, int] | None = None,
    total_seats: int | None = None,
) -> SupportMeasure:
    """The measure for the supporting parties ``party_blocs`` (party id -> its bloc, None for
    none) over the ``blocs`` that exist. A party whose bloc is not among them counts as a
    supporting party outside the blocs. ``seats`` (party id -> seats on the council) and
    ``total_seats`` give the seat share; each party counts once, however many of its
    politicians endorse."""
    existing = sorted(set(blocs))
    per_bloc = Counter(b for b in party_blocs.values() if b in existing)
    in_blocs = sum(per_bloc.values())
    spread: float | None = None
    if in_blocs and len(existing) >= 2:
        entropy = -sum((n / in_blocs) * math.log(n / in_blocs) for n in per_bloc.values())
        spread = entropy / math.log(len(existing))
    seat_share: float | None = None
    if seats is not None and total_seats:
        seat_share = sum(seats.get(p, 0) for p in party_blocs) / total_seats
    return SupportMeasure(
        parties=len(party_blocs),
        blocs_reached=len(per_bloc),
        blocs_total=len(existing),
        spread=spread,
        outside_blocs=len(party_blocs) - in_blocs,
        seat_share=seat_share,
        per_bloc={b: per_bloc.get(b, 0) for b in existing},
    )


# --- Targets ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """Something politicians can endorse: a published recommendation or a public proposal."""

    kind: str
    key: str
    title: str
    url: str
    is_open: bool  # may be endorsed now (a proposal that is closed only shows its support)
    municipality_id: int | None = None  # a proposal's municipality (its council's blocs)


def _page_id(key: str) -> int | None:
    return int(key) if key.isdigit() and len(key) <= MAX_PAGE_ID_DIGITS else None


def _proposal_id(key: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(key)
    except ValueError:
        return None


def target_get(kind: str, key: Any) -> Target | None:
    """The target ``kind``/``key`` if it is public (a live, public, unexpired recommendation;
    a proposal in a public state), else None: a draft is as unknown as a missing one."""
    key = str(key)
    if kind == KIND_RECOMMENDATION and (page_id := _page_id(key)) is not None:
        from socius.knowledge.models import Kind
        from socius.knowledge.selectors import published_publications

        page = published_publications(kind=Kind.RECOMMENDATION).prefetch_related(None)
        found = page.filter(pk=page_id).first()
        if found is None:
            return None
        return Target(kind, key, found.title, found.url or "", is_open=True)
    if kind == KIND_PROPOSAL and (public_id := _proposal_id(key)) is not None:
        from socius.proposals.selectors import proposal_public
        from socius.proposals.workflows import SIGNING_STATES, ProposalState

        proposal = proposal_public(public_id)
        if proposal is None:
            return None
        open_states = {*SIGNING_STATES, ProposalState.COUNCIL}
        return Target(
            kind,
            str(proposal.public_id),
            proposal.title,
            proposal.get_absolute_url(),
            is_open=proposal.state in open_states,
            municipality_id=proposal.municipality_id,
        )
    return None


def _proposal_municipalities(keys: Sequence[str]) -> dict[str, int]:
    """Public proposal key -> municipality id, in one query (for the thread's annex)."""
    from socius.proposals.selectors import proposal_municipalities

    return proposal_municipalities([i for i in (_proposal_id(k) for k in keys) if i is not None])


# --- Endorsements and the support of a target ----------------------------------------------
def endorsements_standing(kind: str, keys: Sequence[str]) -> QuerySet[Endorsement]:
    """The endorsements not withdrawn of the targets ``keys``, oldest first, with the
    politician, their profile now and the party they endorsed for (one query)."""
    return (
        Endorsement.objects.filter(
            target_kind=kind, target_key__in=list(keys), withdrawn_at__isnull=True
        )
        .select_related("politician__politician_profile", "party")
        .order_by("created_at", "pk")
    )


def endorsement_counts(endorsement: Endorsement) -> bool:
    """Whether an endorsement counts in the measure: its politician is still verified for the
    party they endorsed for. One who changed party (which withdraws the verification) or lost
    it still shows, but no longer speaks for the party."""
    profile = getattr(endorsement.politician, "politician_profile", None)
    return (
        profile is not None
        and profile.is_verified
        and profile.party_id == endorsement.party_id
        and endorsement.politician.is_active
    )


@dataclass
class PartySupport:
    party: Party
    bloc: str | None
    bloc_label: str
    endorsements: list[Endorsement] = field(default_factory=list)


@dataclass
class Support:
    """A target's support: the supporting parties (each with its endorsements), the measure,
    and the endorsements that no longer count."""

    kind: str
    key: str
    parties: list[PartySupport]
    measure: SupportMeasure
    not_counted: list[Endorsement]
    bloc_labels: dict[str, str]

    @property
    def endorsements(self) -> list[Endorsement]:
        return [e for p in self.parties for e in p.endorsements] + self.not_counted


def _bloc_label(bloc: str | None) -> str:
    return str(Bloc(bloc).label) if bloc in BLOCS else str(Bloc.OTHER.label)


def _support(
    kind: str,
    key: str,
    rows: list[Endorsement],
    party_bloc: Mapping[int, str],
    blocs: Iterable[str],
    seats: Mapping[int, int] | None,
    total_seats: int | None,
) -> Support:
    by_party: dict[int, PartySupport] = {}
    not_counted: list[Endorsement] = []
    for endorsement in rows:
        if not endorsement_counts(endorsement):
            not_counted.append(endorsement)
            continue
        bloc = party_bloc.get(endorsement.party_id)
        entry = by_party.setdefault(
            endorsement.party_id, PartySupport(endorsement.party, bloc, _bloc_label(bloc))
        )
        entry.endorsements.append(endorsement)
    blocs = list(blocs)
    measure = support_measure(
        {p: s.bloc for p, s in by_party.items()}, blocs, seats=seats, total_seats=total_seats
    )
    order: dict[str, int] = {str(b): i for i, b in enumerate(BLOCS)}
    parties = sorted(by_party.values(), key=lambda s: (order.get(s.bloc or "", 9), s.party.name))
    labels = {b: _bloc_label(b) for b in blocs}
    return Support(kind, key, parties, measure, not_counted, labels)


def _national_blocs() -> dict[int, str]:
    """Active party id -> its default bloc (PartyBloc), outside the blocs left out."""
    rows = PartyBloc.objects.filter(party__is_active=True, bloc__in=BLOCS).values_list(
        "party_id", "bloc"
    )
    return dict(rows)


def support_for_targets(kind: str, keys: Sequence[str]) -> dict[str, Support]:
    """The support of several targets of one kind, in a fixed number of queries: for a
    recommendation the parties' national blocs (PartyBloc); for a proposal the blocs of its
    municipality's council (CouncilGroup), where a party not on the council is outside them,
    and the council's seats; a proposal whose municipality has no council composition yet is
    measured against the national blocs."""
    keys = [str(k) for k in keys]
    rows = list(endorsements_standing(kind, keys))
    by_key: dict[str, list[Endorsement]] = {k: [] for k in keys}
    for row in rows:
        by_key[row.target_key].append(row)
    national = _national_blocs()
    councils: dict[int, list[CouncilGroup]] = {}
    municipalities: dict[str, int] = {}
    if kind == KIND_PROPOSAL:
        municipalities = _proposal_municipalities(keys)
        groups = CouncilGroup.objects.filter(
            council__municipality_id__in=set(municipalities.values())
        ).select_related("council")
        for group in groups:
            councils.setdefault(group.council.municipality_id, []).append(group)
    result: dict[str, Support] = {}
    for key in keys:
        groups_here = councils.get(municipalities.get(key, -1), [])
        if groups_here:
            party_bloc = {g.party_id: g.bloc for g in groups_here if g.bloc in BLOCS}
            seats = {g.party_id: g.seats for g in groups_here}
            total = groups_here[0].council.seats
            result[key] = _support(kind, key, by_key[key], party_bloc, set(party_bloc.values()),
                                   seats, total)  # fmt: skip
        else:
            result[key] = _support(kind, key, by_key[key], national, set(national.values()),
                                   None, None)  # fmt: skip
    return result


def support_for(target: Target) -> Support:
    """The support of one target."""
    return support_for_targets(target.kind, [target.key])[target.key]


def profile_verified_for(user: Any) -> PoliticianProfile | None:
    """The person's politician profile if it is verified (one query; None for visitors)."""
    if user is None or not user.is_authenticated:
        return None
    profile = PoliticianProfile.objects.select_related("party").filter(user=user).first()
    return profile if profile is not None and profile.is_verified else None


def endorsement_standing_of(user: Any, target: Target) -> Endorsement | None:
    """The person's own endorsement of the target that stands, if any."""
    if user is None or not user.is_authenticated:
        return None
    return Endorsement.objects.filter(
        target_kind=target.kind,
        target_key=target.key,
        politician=user,
        withdrawn_at__isnull=True,
    ).first()


def invitations_recent(kind: str, key: str) -> QuerySet[EndorsementInvitation]:
    """A target's invitations, newest first, with the party."""
    return EndorsementInvitation.objects.filter(target_kind=kind, target_key=key).select_related(
        "party"
    )


def invitable_profiles(target: Target) -> QuerySet[PoliticianProfile]:
    """Verified politicians of active parties who could be invited to endorse ``target``: for a
    proposal, national parties and its municipality's own local lists."""
    qs = PoliticianProfile.objects.filter(
        verified_at__isnull=False, party__is_active=True, user__is_active=True
    ).select_related("user", "party")
    if target.kind == KIND_PROPOSAL:
        from django.db.models import Q

        qs = qs.filter(
            Q(party__is_local_list=False) | Q(party__municipality_id=target.municipality_id)
        )
    return qs.order_by("party__name", "user_id")
