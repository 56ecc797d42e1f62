"""Reads of the council module that other modules use."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from socius.council.models import (
    Bloc,
    Committee,
    Council,
    CouncilGroup,
    CouncilItem,
    ItemState,
    Meeting,
    PartyVote,
)


def decided_item(public_id: Any) -> CouncilItem | None:
    """A decided council item by its public id (None if there is none, or it is not decided):
    what the programme creates an action from."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        CouncilItem.objects.select_related("council__municipality", "meeting", "committee")
        .filter(public_id=key, state=ItemState.DECIDED)
        .first()
    )


# --- Councils and their composition -----------------------------------------------------------
def council_list_public() -> QuerySet[Council]:
    """The councils of the municipalities that take part, by name; one query."""
    return Council.objects.filter(municipality__space__participates=True).select_related(
        "municipality__space"
    )


def council_public(slug: str) -> Council | None:
    """The council of the participating municipality at ``/kommuner/<slug>/`` (None if there
    is none: a 404 to visitors)."""
    return council_list_public().filter(municipality__space__slug=str(slug)[:80]).first()


def council_by_code(code: str) -> Council | None:
    """The council of a participating municipality by its three-digit code."""
    return council_list_public().filter(municipality__code=str(code)[:3]).first()


def council_groups(council: Council) -> list[CouncilGroup]:
    """The party groups with their parties, most seats first; one query."""
    return list(council.groups.select_related("party"))


def seats_by_bloc(groups: list[CouncilGroup]) -> list[tuple[str, str, int]]:
    """(bloc, its label, seats) in the order red, centre, blue, other; blocs without seats
    left out."""
    seats: dict[str, int] = {}
    for g in groups:
        seats[g.bloc] = seats.get(g.bloc, 0) + g.seats
    return [(b.value, str(b.label), seats[b.value]) for b in Bloc if seats.get(b.value)]


def council_committees(council: Council) -> list[Committee]:
    return list(council.committees.filter(is_active=True))


def meetings_upcoming(council: Council, limit: int = 6) -> list[Meeting]:
    """The council's and its committees' next meetings, soonest first; one query."""
    return list(
        council.meetings.filter(date__gte=timezone.localdate())
        .select_related("committee")
        .order_by("date", "id")[:limit]
    )


def meetings_for_agenda(council: Council) -> list[Meeting]:
    """Meetings an item can be put on: from a year back on (the secretariat records decisions
    after the meeting), soonest first."""
    since = timezone.localdate() - datetime.timedelta(days=366)
    return list(
        council.meetings.filter(date__gte=since).select_related("committee").order_by("date")
    )


# --- Items ------------------------------------------------------------------------------------
def _items() -> QuerySet[CouncilItem]:
    return CouncilItem.objects.select_related(
        "council__municipality__space", "committee", "meeting__committee", "brought_by"
    )


def item_list_public(
    *, municipality_code: str = "", state: str = "", council: Council | None = None
) -> QuerySet[CouncilItem]:
    """Items of participating municipalities' councils, newest first (every council item is
    public: agendas and decisions are)."""
    qs = _items().filter(council__municipality__space__participates=True)
    if municipality_code:
        qs = qs.filter(council__municipality__code=str(municipality_code)[:3])
    if state:
        qs = qs.filter(state=state)
    if council is not None:
        qs = qs.filter(council=council)
    return qs.order_by("-created_at", "-id")


def item_public(public_id: Any) -> CouncilItem | None:
    """An item with its votes (parties prefetched), or None."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return (
        item_list_public()
        .prefetch_related(Prefetch("votes", queryset=PartyVote.objects.select_related("party")))
        .filter(public_id=key)
        .first()
    )


def decisions_latest(*, council: Council | None = None, municipality: Any = None,
                     limit: int = 5) -> list[CouncilItem]:  # fmt: skip
    """The latest decided items of a council (or of a municipality's council)."""
    qs = item_list_public(state=ItemState.DECIDED)
    if council is not None:
        qs = qs.filter(council=council)
    if municipality is not None:
        qs = qs.filter(council__municipality=municipality)
    return list(qs.order_by("-decided_at", "-id")[:limit])


def item_for_source(kind: str, key: str) -> CouncilItem | None:
    """The item (not withdrawn) made from a thread step, if any."""
    return (
        CouncilItem.objects.filter(source_kind=kind, source_key=str(key)[:64])
        .exclude(state=ItemState.WITHDRAWN)
        .first()
    )


def items_for_secretariat(council: Council | None = None) -> QuerySet[CouncilItem]:
    """Items still open (registered, on an agenda), the oldest first."""
    qs = _items().filter(state__in=[ItemState.REGISTERED, ItemState.SCHEDULED])
    if council is not None:
        qs = qs.filter(council=council)
    return qs.order_by("created_at", "id")


def follow_ups_due(today: datetime.date, days: int = 14) -> QuerySet[CouncilItem]:
    """Decided items whose follow-up is not done and due within ``days`` (or overdue)."""
    return (
        _items()
        .filter(
            state=ItemState.DECIDED,
            follow_up_by__isnull=False,
            follow_up_by__lte=today + datetime.timedelta(days=days),
            follow_up_done_at__isnull=True,
        )
        .order_by("follow_up_by", "id")
    )


def vote_rows(item: CouncilItem, groups: list[CouncilGroup]) -> list[dict[str, Any]]:
    """Each recorded vote with its party's bloc on the council and the seats behind it (the
    group's seats when the minutes give none); no queries beyond the prefetched votes."""
    bloc = {g.party_id: g for g in groups}
    rows = []
    for v in item.votes.all():
        group = bloc.get(v.party_id)
        rows.append({
            "party": v.party.name,
            "bloc": group.get_bloc_display() if group else str(Bloc.OTHER.label),
            "vote": v.get_vote_display(),
            "vote_key": v.vote,
            "seats": v.seats if v.seats is not None else (group.seats if group else 0),
        })  # fmt: skip
    return rows


# --- Sources from other modules (through their selectors) ------------------------------------
def proposals_awaiting_item(municipality_id: int) -> list[Any]:
    """Citizen proposals of the municipality that reached their threshold (or are with the
    council) and have no council item yet."""
    from socius.proposals.selectors import proposal_list_for_council

    taken = set(
        CouncilItem.objects.filter(source_kind="proposal")
        .exclude(state=ItemState.WITHDRAWN)
        .values_list("source_key", flat=True)
    )
    return [
        p
        for p in proposal_list_for_council().filter(municipality_id=municipality_id)
        if str(p.public_id) not in taken
    ]


def proposal_awaiting_item(municipality_id: int, key: str) -> Any:
    """One of ``proposals_awaiting_item`` by its public id, or None."""
    return next((p for p in proposals_awaiting_item(municipality_id)
                 if str(p.public_id) == str(key)), None)  # fmt: skip


def proposal_of_item(item: CouncilItem) -> Any:
    """The citizen proposal an item came from while it is with the council, or None."""
    from socius.proposals.selectors import proposal_list_for_council

    try:
        key = uuid.UUID(item.source_key)
    except ValueError:
        return None
    return proposal_list_for_council().filter(public_id=key).first()


def recommendations_matching(text: str, limit: int = 20) -> list[tuple[str, str]]:
    """Published recommendations whose title holds ``text``: (page id, title)."""
    from socius.knowledge.models import Kind
    from socius.knowledge.selectors import published_publications

    qs = published_publications(kind=Kind.RECOMMENDATION)
    if text.strip():
        qs = qs.filter(title__icontains=text.strip()[:100])
    return [(str(pk), title) for pk, title in qs.values_list("pk", "title")[:limit]]


def recommendation_published(key: str) -> Any:
    """A published recommendation by its page id, or None."""
    from socius.knowledge.models import Kind
    from socius.knowledge.selectors import published_publications

    if not str(key).isdigit():
        return None
    return published_publications(kind=Kind.RECOMMENDATION).filter(pk=int(key)).first()
