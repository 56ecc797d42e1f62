"""Open data: the published programmes per municipality, and one municipality's programme
with its commitments, actions (status and reason), milestones and measures."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from socius.core.api_support import responses
from socius.programme import selectors
from socius.programme.models import Programme

router = Router(tags=["programme"])


@router.get("/programmes", summary="Published programmes per municipality")
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "municipality_code": p.municipality.code,
            "municipality": p.municipality.name,
            "title": p.title,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "adopted_on": p.adopted_on,
        }
        for p in selectors.programme_list_public()
    ]


@router.get(
    "/programmes/{code}",
    response=responses(dict[str, Any], 404),
    summary="A municipality's programme",
)
def programme(request: HttpRequest, code: str) -> dict[str, Any]:
    found = (
        Programme.objects.filter(published=True, municipality__code=code[:3])
        .select_related("municipality__space")
        .order_by("-period_start")
        .first()
    )
    if found is None:
        raise Http404
    glances = selectors.programme_overview(found)
    by_commitment = selectors.programme_actions(found)
    commitments = []
    for g in glances:
        actions = by_commitment.get(g.commitment.pk, [])
        commitments.append(
            {
                "number": g.commitment.number,
                "title": g.commitment.title,
                "description": g.commitment.description,
                "owner_department": g.commitment.owner_department,
                "committee": g.commitment.committee,
                "actions": [
                    {
                        "id": str(a.public_id),
                        "title": a.title,
                        "owner": a.owner,
                        "budget_kr": a.budget_kr,
                        "starts_on": a.starts_on,
                        "ends_on": a.ends_on,
                        "status": a.status,
                        "status_reason": a.status_reason,
                        "milestones": [
                            {"title": m.title, "due_on": m.due_on, "reached_on": m.done_on}
                            for m in a.milestones.all()
                        ],
                    }
                    for a in actions
                ],
                "measures": [
                    {
                        "id": str(v.measure.public_id),
                        "indicator": v.measure.indicator_code,
                        "baseline": str(v.measure.baseline),
                        "baseline_year": v.measure.baseline_year,
                        "target": str(v.measure.target),
                        "target_year": v.measure.target_year,
                        "direction": v.measure.direction,
                        "latest_period": v.latest[0] if v.latest else None,
                        "latest": str(v.latest[1]) if v.latest else None,
                    }
                    for v in g.measures
                ],
            }
        )
    return {
        "municipality_code": found.municipality.code,
        "title": found.title,
        "introduction": found.introduction,
        "commitments": commitments,
    }
