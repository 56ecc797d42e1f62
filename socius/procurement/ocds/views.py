"""Public pages and downloads of open contracting data (OCDS).

The packages are streamed (``StreamingHttpResponse`` over the package writers), so a yearly
package of thousands of contracts never sits in memory whole; the anonymous page cache does
not keep streamed answers."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from socius.procurement.ocds import access, packages, selectors

JSON = "application/json; charset=utf-8"


@require_safe
def data_home(request: HttpRequest) -> HttpResponse:
    spaces = selectors.space_list_with_counts()
    return render(request, "procurement_ocds/data_home.html", {"spaces": spaces})


@require_safe
def space_data(request: HttpRequest, space: str) -> HttpResponse:
    sp = access.space_public(slug=space)
    years = [
        {
            "year": year.year,
            "count": year.count,
            "url": packages.release_package_path(sp, packages.Period(year.year)),
            "records_url": packages.record_package_path(sp, year.year),
            "months": [
                {
                    "name": capfirst(MONTHS[m.month]),
                    "count": m.count,
                    "url": packages.release_package_path(sp, packages.Period(year.year, m.month)),
                }
                for m in year.months
            ],
        }
        for year in selectors.periods_for(space=sp)
    ]
    return render(request, "procurement_ocds/space_data.html", {"space": sp, "years": years})


def _download(chunks: Iterator[str], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=JSON)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def release_package(
    request: HttpRequest, space: str, year: int, month: int | None = None
) -> StreamingHttpResponse:
    access.period_or_404(year, month)
    sp = access.space_public(slug=space)
    period = packages.Period(year, month)
    chunks = packages.release_package_stream(space=sp, period=period)
    return _download(chunks, f"{sp.slug}-{period.slug}-releases.json")


@require_safe
def record_package(request: HttpRequest, space: str, year: int) -> StreamingHttpResponse:
    access.period_or_404(year)
    sp = access.space_public(slug=space)
    # A record package holds at least one record (schema: minItems 1).
    if not selectors.contracts_for_data(space=sp, year=year).exists():
        raise Http404
    chunks = packages.record_package_stream(space=sp, year=year)
    return _download(chunks, f"{sp.slug}-{year}-records.json")
