"""Open data on the city councils: items and decisions with each party's vote and the link
to the decision document, and each council's composition by party and bloc. JSON and CSV
(the CSV column names are the JSON's, the same in every language)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from socius.core.api_support import refusals, responses
from socius.core.csv_export import csv_response
from socius.council import selectors
from socius.council.models import CouncilItem, ItemState

router = Router(tags=["council"])
LIMIT = 1000
CSV_OK = {"responses": {200: {"description": "OK",
                              "content": {"text/csv": {"schema": {"type": "string"}}}}}}  # fmt: skip


class VoteOut(Schema):
    party: str
    vote: str
    seats: int | None


class ItemOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    title: str
    summary: str
    municipality_code: str = Field(..., alias="council.municipality.code")
    council: str = Field(..., alias="council.name")
    committee: str | None = None
    source: str
    source_kind: str
    source_key: str
    brought_by: str | None = None
    state: str
    meeting_date: datetime.date | None = None
    decision: str
    decision_text: str
    decision_url: str
    decided_at: datetime.datetime | None
    follow_up_by: datetime.date | None
    url: str

    @staticmethod
    def resolve_committee(obj: CouncilItem) -> str | None:
        committee = obj.meeting.committee if obj.meeting else obj.committee
        return committee.name if committee else None

    @staticmethod
    def resolve_brought_by(obj: CouncilItem) -> str | None:
        return obj.brought_by.name if obj.brought_by else None

    @staticmethod
    def resolve_meeting_date(obj: CouncilItem) -> datetime.date | None:
        return obj.meeting.date if obj.meeting else None

    @staticmethod
    def resolve_url(obj: CouncilItem) -> str:
        return obj.get_absolute_url()


class ItemDetailOut(ItemOut):
    votes: list[VoteOut]

    @staticmethod
    def resolve_votes(obj: CouncilItem) -> list[dict[str, Any]]:
        return [{"party": v.party.name, "vote": v.vote, "seats": v.seats} for v in obj.votes.all()]


class CouncilGroupOut(Schema):
    party: str
    letter: str
    seats: int
    bloc: str


class CommitteeOut(Schema):
    name: str
    slug: str


class CouncilOut(Schema):
    municipality_code: str
    name: str
    seats: int
    term_start: datetime.date | None
    term_end: datetime.date | None
    source: str
    groups: list[CouncilGroupOut]
    seats_by_bloc: dict[str, int]
    committees: list[CommitteeOut]


class ItemFilter(Schema):
    municipality: str | None = Field(None, max_length=3, pattern=r"^\d{3}$")
    state: ItemState | None = None


def _items(filters: ItemFilter) -> Any:
    return selectors.item_list_public(
        municipality_code=filters.municipality or "", state=filters.state or ""
    )[:LIMIT]


@router.get("/council/items", response=responses(list[ItemOut], 422))
def council_item_list(request: HttpRequest, filters: Query[ItemFilter]) -> Any:
    """Council items, newest first (at most 1000), by municipality code and state."""
    return _items(filters)


@router.get("/council/items.csv", response=refusals(422), openapi_extra=CSV_OK)
def council_item_list_csv(request: HttpRequest, filters: Query[ItemFilter]) -> HttpResponse:
    fields = ["id", "title", "municipality_code", "council", "source", "source_kind",
              "source_key", "brought_by", "state", "meeting_date", "decision", "decided_at",
              "decision_url", "follow_up_by"]  # fmt: skip
    return csv_response(
        filename="byraadspunkter.csv",
        header=fields,
        rows=(
            [
                i.public_id,
                i.title,
                i.council.municipality.code,
                i.council.name,
                i.source,
                i.source_kind,
                i.source_key,
                i.brought_by.name if i.brought_by else "",
                i.state,
                i.meeting.date if i.meeting else "",
                i.decision,
                i.decided_at,
                i.decision_url,
                i.follow_up_by,
            ]  # fmt: skip
            for i in _items(filters)
        ),
    )


@router.get("/council/decisions.csv", response=refusals(422), openapi_extra=CSV_OK)
def council_decision_csv(request: HttpRequest, filters: Query[ItemFilter]) -> HttpResponse:
    """One row per party's vote on each decision (a decision without votes: one row)."""
    filters.state = ItemState.DECIDED
    items = _items(filters).prefetch_related("votes__party")
    fields = ["id", "title", "municipality_code", "decision", "decided_at", "decision_text",
              "decision_url", "party", "vote", "seats"]  # fmt: skip

    def rows() -> Any:
        for i in items:
            head = [i.public_id, i.title, i.council.municipality.code, i.decision, i.decided_at,
                    i.decision_text, i.decision_url]  # fmt: skip
            votes = list(i.votes.all())
            if not votes:
                yield [*head, "", "", ""]
            for v in votes:
                yield [*head, v.party.name, v.vote, v.seats if v.seats is not None else ""]

    return csv_response(filename="byraadsbeslutninger.csv", header=fields, rows=rows())


@router.get("/council/items/{item_id}", response=responses(ItemDetailOut, 404, 422))
def council_item_detail(request: HttpRequest, item_id: uuid.UUID) -> Any:
    item = selectors.item_public(item_id)
    if item is None:
        raise Http404
    return item


@router.get("/council/councils/{code}", response=responses(CouncilOut, 404, 422))
def council_detail(request: HttpRequest, code: str) -> Any:
    """A council's composition by party and bloc, and its committees."""
    council = selectors.council_by_code(code) if code.isdigit() and len(code) == 3 else None
    if council is None:
        raise Http404
    groups = selectors.council_groups(council)
    return {
        "municipality_code": council.municipality.code,
        "name": council.name,
        "seats": council.seats,
        "term_start": council.term_start,
        "term_end": council.term_end,
        "source": council.composition_source,
        "groups": [
            {"party": g.party.name, "letter": g.party.letter, "seats": g.seats, "bloc": g.bloc}
            for g in groups
        ],  # fmt: skip
        "seats_by_bloc": {key: n for key, _label, n in selectors.seats_by_bloc(groups)},
        "committees": [
            {"name": c.name, "slug": c.slug} for c in selectors.council_committees(council)
        ],  # fmt: skip
    }
