"""The released outcome tables of a municipality (suppressed cells are null)."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from socius.core.api_support import responses
from socius.core.models import Municipality
from socius.plans.outcomes.selectors import released_outcomes

router = Router(tags=["plans"])

_CODE = re.compile(r"[0-9]{3}")


class ReleaseOut(Schema):
    """One released table: rows are life domains, columns a partition of the people counted
    in the row. Every count is noisy (differential privacy); a cell is null when hidden."""

    id: str
    table: str
    year: int
    quarter: int | None
    theme: str | None = Field(..., description="A theme's slug, or null: every plan.")
    epsilon: float = Field(..., description="The privacy cost of this release.")
    released_at: str | None
    rows: list[str]
    columns: list[str]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    noise_scale: float | None
    sensitivity: int | None


class OutcomesOut(Schema):
    municipality: str = Field(..., description="The municipality's three-digit code.")
    releases: list[ReleaseOut]


@router.get(
    "/plans/outcomes/{code}",
    summary="Released outcome tables of a municipality",
    response=responses(OutcomesOut, 404),
)
def outcomes(request: HttpRequest, code: str) -> Any:
    """Only released tables: noisy counts with their noise scale and sensitivity, and null
    where a cell is hidden (fewer than 5, or hidden so that totals do not give it away)."""
    if not _CODE.fullmatch(code) or not Municipality.objects.filter(code=code).exists():
        raise Http404
    return {"municipality": code, "releases": released_outcomes(code)}
