"""Open data on cross-party support: a target's supporting parties, its endorsements (party,
reason, date, the politician's public name; never an e-mail address) and the measure, as
JSON and CSV (docs/programme.md)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema

from socius.core.api_support import refusals, responses
from socius.core.csv_export import csv_response
from socius.council import selectors_endorsements as selectors
from socius.council.models import Endorsement

router = Router(tags=["council"])


class TargetIn(Schema):
    kind: Literal["recommendation", "proposal"]
    # A recommendation's page id or a proposal's public id.
    key: str = Field(..., min_length=1, max_length=64, pattern=r"^[-0-9a-fA-F]+$")


class EndorsementOut(Schema):
    id: str
    politician: str
    party: str
    reason: str
    created_at: datetime.datetime
    counts: bool


class PartyOut(Schema):
    party: str
    bloc: str | None
    endorsements: int


class MeasureOut(Schema):
    parties: int
    blocs_reached: int
    blocs_total: int
    spread: float | None
    outside_blocs: int
    seat_share: float | None
    per_bloc: dict[str, int]


class SupportOut(Schema):
    kind: str
    key: str
    title: str
    url: str
    parties: list[PartyOut]
    measure: MeasureOut
    endorsements: list[EndorsementOut]


def _support(target: TargetIn) -> selectors.Support:
    found = selectors.target_get(target.kind, target.key)
    if found is None:
        raise Http404
    return selectors.support_for(found)


def _name(endorsement: Endorsement) -> str:
    user = endorsement.politician
    return "" if user.anonymised_at else user.name


@router.get("/endorsements/{kind}/{key}", response=responses(SupportOut, 404, 422))
def endorsement_support(request: HttpRequest, target: Path[TargetIn]) -> Any:
    found = selectors.target_get(target.kind, target.key)
    if found is None:
        raise Http404
    support = selectors.support_for(found)
    m = support.measure
    return {
        "kind": found.kind,
        "key": found.key,
        "title": found.title,
        "url": found.url,
        "parties": [
            {"party": p.party.name, "bloc": p.bloc, "endorsements": len(p.endorsements)}
            for p in support.parties
        ],
        "measure": {
            "parties": m.parties,
            "blocs_reached": m.blocs_reached,
            "blocs_total": m.blocs_total,
            "spread": m.spread,
            "outside_blocs": m.outside_blocs,
            "seat_share": m.seat_share,
            "per_bloc": dict(m.per_bloc),
        },
        "endorsements": [
            {
                "id": str(e.public_id),
                "politician": _name(e),
                "party": e.party.name,
                "reason": e.reason,
                "created_at": e.created_at,
                "counts": selectors.endorsement_counts(e),
            }
            for e in support.endorsements
        ],
    }


@router.get(
    "/endorsements/{kind}/{key}/csv",
    response=refusals(404, 422),
    openapi_extra={
        "responses": {
            200: {"description": "OK", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def endorsement_support_csv(request: HttpRequest, target: Path[TargetIn]) -> HttpResponse:
    # Open data: fixed column names, the same in every language.
    support = _support(target)
    return csv_response(
        filename=f"opbakning-{target.kind}-{target.key}.csv",
        header=["id", "politician", "party", "reason", "created_at", "counts"],
        rows=(
            [
                e.public_id,
                _name(e),
                e.party.name,
                e.reason,
                e.created_at.isoformat(),
                selectors.endorsement_counts(e),
            ]
            for e in support.endorsements
        ),
    )
