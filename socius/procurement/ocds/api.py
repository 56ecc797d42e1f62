"""Open contracting data (OCDS 1.1 with the sustainability extension) for programs, page by
page: the same releases and records as the download files on /indkoeb/aabne-data/, for one
participating municipality and one year or month.

Each item is an OCDS release, or an OCDS record with its compiled release, exactly as in the
files; the OpenAPI document describes them as objects and names the schema they follow. Only
public data: contracts, lots, the buying department, the supplier organisation with its CVR
number, the clauses and counts from approved reports (under 5 shown as "fewer than 5")."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from socius.core.api_support import MAX_OFFSET, responses, slug_or_404
from socius.core.models import MunicipalSpace
from socius.procurement.ocds import packages, selectors
from socius.procurement.ocds.builder import record_for

router = Router(tags=["procurement"])

SLUG_MAX = 80  # MunicipalSpace.slug's max_length


class PeriodQuery(Schema):
    year: int = Field(
        ...,
        ge=selectors.FIRST_YEAR,
        le=selectors.LAST_YEAR,
        description="The year (Copenhagen time).",
    )
    month: int | None = Field(
        None, ge=1, le=12, description="A month of the year; all of the year when left out."
    )
    limit: int = Field(100, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ReleasePageOut(Schema):
    """A page of OCDS releases (https://standard.open-contracting.org/1.1/en/schema/release/)
    in contract order, with how many the period holds."""

    count: int
    items: list[dict[str, Any]] = Field(
        ..., description="OCDS 1.1 releases with the sustainability extension."
    )


class RecordPageOut(Schema):
    """A page of OCDS records, each with its linked release and compiled release."""

    count: int
    items: list[dict[str, Any]] = Field(..., description="OCDS 1.1 records.")


def _space(slug: str) -> MunicipalSpace:
    space = selectors.space_for_data(slug=slug_or_404(slug, SLUG_MAX))
    if space is None:
        raise Http404
    return space


def _page(space: MunicipalSpace, period: PeriodQuery) -> tuple[int, list[dict[str, Any]]]:
    contracts = selectors.contracts_for_data(space=space, year=period.year, month=period.month)
    count = contracts.count()
    window = contracts[period.offset : period.offset + period.limit]
    return count, list(packages.releases(selectors.contract_facts_iter(list(window)), space))


@router.get("/procurement/ocds/{space}/releases", response=responses(ReleasePageOut, 404, 422))
def release_list(request: HttpRequest, space: str, period: Query[PeriodQuery]) -> Any:
    """A municipality's OCDS releases for a year or a month, one per contract."""
    count, releases = _page(_space(space), period)
    return {"count": count, "items": releases}


@router.get("/procurement/ocds/{space}/records", response=responses(RecordPageOut, 404, 422))
def record_list(request: HttpRequest, space: str, period: Query[PeriodQuery]) -> Any:
    """A municipality's OCDS records for a year or a month, one per contract."""
    sp = _space(space)
    count, releases = _page(sp, period)
    package_url = selectors.absolute(
        packages.release_package_path(sp, packages.Period(period.year, period.month))
    )
    return {"count": count, "items": [record_for(r, package_url=package_url) for r in releases]}
