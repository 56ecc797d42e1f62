"""Downloads of every atlas view: ``?format=csv``, ``json`` or ``jsonstat`` (JSON-stat 2.0).

The same figures as the pages, small cells left out (``socius.atlas.downloads``). An unknown
format answers 400 with a page that names the formats; an unknown indicator or municipality,
404; a comparison with bad codes, 400 with the compare form's error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socius.atlas import downloads, selectors
from socius.atlas.access import indicator_public, municipality_public
from socius.atlas.selectors import AtlasData
from socius.atlas.views.pages import compare_choice
from socius.core.csv_export import csv_response

JSONSTAT_TYPE = "application/json; charset=utf-8"


def _bad_request(request: HttpRequest, text: str) -> HttpResponse:
    return render(
        request,
        "error.html",
        {"error_title": _("The download could not be made"), "error_text": text},
        status=400,
    )


def _respond(
    request: HttpRequest,
    *,
    name: str,
    records: Callable[[], list[dict[str, Any]]],
    payload: Callable[[], dict[str, Any]],
    jsonstat: Callable[[], dict[str, Any]],
) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt == "csv":
        return csv_response(
            filename=f"{name}.csv", header=downloads.CSV_HEADER, rows=downloads.csv_rows(records())
        )
    if fmt == "json":
        return downloads.json_download(payload(), f"{name}.json", "application/json")
    if fmt == "jsonstat":
        return downloads.json_download(jsonstat(), f"{name}.jsonstat.json", JSONSTAT_TYPE)
    return _bad_request(
        request,
        _("Unknown format. Choose csv, json or jsonstat (JSON-stat 2.0)."),
    )


@require_GET
def indicator_download(request: HttpRequest, code: str) -> HttpResponse:
    data = selectors.atlas_data()
    indicator = indicator_public(data, code)
    return _respond(
        request,
        name=f"atlas-{indicator.code}",
        records=lambda: downloads.indicator_records(data, indicator),
        payload=lambda: downloads.indicator_payload(data, indicator),
        jsonstat=lambda: downloads.indicator_jsonstat(data, indicator),
    )


@require_GET
def municipality_download(request: HttpRequest, code: str) -> HttpResponse:
    data = selectors.atlas_data()
    area = municipality_public(data, code)
    return _respond(
        request,
        name=f"atlas-kommune-{area.code}",
        records=lambda: downloads.municipality_records(data, area.code),
        payload=lambda: downloads.municipality_payload(data, area.code),
        jsonstat=lambda: downloads.municipality_jsonstat(data, area.code),
    )


@require_GET
def compare_download(request: HttpRequest) -> HttpResponse:
    data: AtlasData = selectors.atlas_data()
    form, codes, _similar = compare_choice(request, data)
    if not codes:
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return _bad_request(
            request,
            " ".join(errors) or _("Choose the municipalities to compare first."),
        )
    return _respond(
        request,
        name="atlas-sammenligning-" + "-".join(codes),
        records=lambda: downloads.comparison_records(data, codes),
        payload=lambda: downloads.comparison_payload(data, codes),
        jsonstat=lambda: downloads.comparison_jsonstat(data, codes),
    )
