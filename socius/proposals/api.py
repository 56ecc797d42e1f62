"""Open data on citizen proposals: proposals, daily counts with Merkle roots, leaf lists,
inclusion proofs and decisions. Never anything about who signed."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from socius.core.api_support import query_text, refusals, responses
from socius.core.csv_export import csv_response
from socius.proposals import selectors
from socius.proposals.merkle import merkle_proof
from socius.proposals.models import Proposal, Tally
from socius.proposals.services.signing import receipt_hash

router = Router(tags=["proposals"])


class ProposalOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    title: str
    text: str
    state: str
    municipality_code: str = Field(..., alias="municipality.code")
    theme: str | None = None
    published_at: datetime.datetime | None
    signing_ends_at: datetime.datetime | None
    threshold: int
    signatures_online: int
    signatures_paper: int
    decision: str
    decision_reasons: str
    decided_at: datetime.datetime | None
    minutes_url: str
    track: str
    url: str

    @staticmethod
    def resolve_theme(obj: Proposal) -> str | None:
        return obj.theme.slug if obj.theme else None

    @staticmethod
    def resolve_url(obj: Proposal) -> str:
        return obj.get_absolute_url()


class TallyOut(Schema):
    day: datetime.date
    online: int
    paper: int
    merkle_root: str
    leaves: int

    @staticmethod
    def resolve_leaves(obj: Tally) -> int:
        return obj.online + obj.paper


class ProofOut(Schema):
    proposal: uuid.UUID
    day: datetime.date
    leaf: str
    index: int
    size: int
    proof: list[str]
    merkle_root: str


class ListFilter(Schema):
    state: str | None = Field(None, max_length=16)
    theme: str | None = Field(None, max_length=80)
    q: str | None = Field(None, max_length=200)
    track: str | None = Field(None, max_length=8)


def _proposals(filters: ListFilter) -> Any:
    return selectors.proposal_list_public(
        q=query_text(filters.q),
        theme=filters.theme or "",
        state=filters.state or "",
        track=filters.track or "",
    )[:1000]


@router.get("/proposals", response=responses(list[ProposalOut], 422))
def proposal_list(request: HttpRequest, filters: Query[ListFilter]) -> Any:
    return _proposals(filters)


@router.get(
    "/proposals.csv",
    response=refusals(422),
    openapi_extra={
        "responses": {
            200: {
                "description": "OK",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def proposal_list_csv(request: HttpRequest, filters: Query[ListFilter]) -> HttpResponse:
    # Open data: fixed column names (as the JSON's), the same in every language.
    fields = ["id", "title", "state", "municipality_code", "threshold", "signatures_online",
              "signatures_paper", "published_at", "signing_ends_at", "decision", "decided_at",
              "minutes_url", "track"]  # fmt: skip
    return csv_response(
        filename="borgerforslag.csv",
        header=fields,
        rows=(
            [
                p.public_id,
                p.title,
                p.state,
                p.municipality.code,
                p.threshold,
                p.signatures_online,
                p.signatures_paper,
                p.published_at,
                p.signing_ends_at,
                p.decision,
                p.decided_at,
                p.minutes_url,
                p.track,
            ]  # fmt: skip
            for p in _proposals(filters)
        ),
    )


def _public(proposal_id: uuid.UUID) -> Proposal:
    proposal = selectors.proposal_public(proposal_id)
    if proposal is None:
        raise Http404
    return proposal


@router.get("/proposals/{proposal_id}/counts", response=responses(list[TallyOut], 404, 422))
def proposal_counts(request: HttpRequest, proposal_id: uuid.UUID) -> Any:
    return _public(proposal_id).tallies.defer("leaves")[:400]


@router.get("/proposals/{proposal_id}/counts/{day}/leaves", response=responses(list[str], 404, 422))
def proposal_leaves(request: HttpRequest, proposal_id: uuid.UUID, day: datetime.date) -> Any:
    tally = _public(proposal_id).tallies.filter(day=day).first()
    if tally is None:
        raise Http404
    return tally.leaf_list()


class ProofIn(Schema):
    receipt: str = Field(..., min_length=1, max_length=100)


# POST, with the receipt in the JSON body: a query string lands in proxy and server logs beside
# the client's address (docs/proposals.md, "Anyone can check").
@router.post("/proposals/receipts/proof", response=responses(ProofOut, 400, 404, 422))
def receipt_proof(request: HttpRequest, body: ProofIn) -> Any:
    leaf = receipt_hash(body.receipt)
    found = selectors.tally_with_receipt(leaf)
    if found is None:
        raise HttpError(404, "This receipt is in no published count.")
    tally, index = found
    leaves = tally.leaf_list()
    return {
        "proposal": tally.proposal.public_id,
        "day": tally.day,
        "leaf": leaf,
        "index": index,
        "size": len(leaves),
        "proof": merkle_proof(index, leaves),
        "merkle_root": tally.merkle_root,
    }
