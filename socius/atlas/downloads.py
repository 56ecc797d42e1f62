"""The data behind every atlas page, as CSV, JSON and JSON-stat 2.0, and as the API gives it.

Three views have downloads: an indicator (every municipality and all Denmark, every period), a
municipality (every indicator, with all Denmark beside it) and a comparison (the compared
municipalities' latest figures). The JSON download is the API's answer for the same view, word
for word, so a script may use either.

Small cells never leave here: a figure that counts fewer than 5 people has no value, numerator
or denominator in any format, only its status ``fewer_than_5`` (as the page says "fewer than
5"), and no rank (see ``selectors``).

CSV and JSON keep fixed, language-independent column names (open data that programs read), as
the platform's other open-data exports do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.http import content_disposition_header

from socius.atlas import jsonstat
from socius.atlas.models import ALL_DENMARK, Indicator
from socius.atlas.selectors import AtlasData, Cell, comparison_figures

FORMATS = ("csv", "json", "jsonstat")
ALL_DENMARK_NAME = "Hele landet"
CSV_HEADER = [
    "indikator",
    "omraadekode",
    "omraade",
    "periode",
    "vaerdi",
    "enhed",
    "taeller",
    "naevner",
    "status",
    "rang",
]


def _number(value: Decimal | None) -> float | int | None:
    return jsonstat.number(value)


def indicator_meta(indicator: Indicator) -> dict[str, Any]:
    """What an indicator is, where it comes from and how to fetch it again."""
    source = indicator.source
    return {
        "code": indicator.code,
        "title": indicator.title,
        "title_en": indicator.title_en,
        "unit": indicator.unit,
        "unit_en": indicator.unit_en,
        "decimals": indicator.decimals,
        "direction": indicator.direction,
        "theme": indicator.theme.slug if indicator.theme else None,
        "definition": indicator.definition,
        "definition_en": indicator.definition_en,
        "numerator": indicator.numerator,
        "denominator": indicator.denominator,
        "rate_scale": indicator.rate_scale,
        "structural": indicator.is_structural,
        "counts_people": indicator.counts_people,
        "source": {
            "key": source.key,
            "title": source.title,
            "publisher": source.publisher,
            "licence": source.licence,
            "url": source.url,
            "attribution": source.attribution,
        },
        "source_table": indicator.source_table,
        "query": indicator.query,
        "url": indicator.get_absolute_url(),
    }


def _area_name(data: AtlasData, code: str) -> str:
    return ALL_DENMARK_NAME if code == ALL_DENMARK else data.areas[code].name


def record(data: AtlasData, indicator: Indicator, cell: Cell) -> dict[str, Any]:
    """One figure as every download and the API give it."""
    latest = data.latest_period.get(indicator.pk) == cell.period
    rank = data.ranks.get(indicator.pk, {}).get(cell.area_code) if latest else None
    return {
        "indicator": indicator.code,
        "area_code": cell.area_code,
        "area": _area_name(data, cell.area_code),
        "period": cell.period,
        "value": _number(cell.value),
        "unit": indicator.unit,
        "numerator": _number(cell.numerator),
        "denominator": _number(cell.denominator),
        "status": cell.status,
        "rank": rank,
    }


def indicator_records(data: AtlasData, indicator: Indicator) -> list[dict[str, Any]]:
    per_area = data.series.get(indicator.pk, {})
    codes = [ALL_DENMARK, *data.areas]
    return [record(data, indicator, c) for code in codes for c in per_area.get(code, [])]


def municipality_records(data: AtlasData, code: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for indicator in data.indicators:
        per_area = data.series.get(indicator.pk, {})
        for area in (code, ALL_DENMARK):
            out.extend(record(data, indicator, c) for c in per_area.get(area, []))
    return out


def comparison_records(data: AtlasData, codes: Sequence[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for row in comparison_figures(data, codes):
        cells = [*row.cells, *([row.national] if row.national else [])]
        out.extend(record(data, row.indicator, c) for c in cells if c.period)
    return out


# --- Payloads (the JSON download and the API) ---------------------------------------------------
def indicator_payload(data: AtlasData, indicator: Indicator) -> dict[str, Any]:
    national = data.national(indicator)
    return {
        "indicator": indicator_meta(indicator),
        "latest_period": data.latest_period.get(indicator.pk),
        "national": record(data, indicator, national) if national else None,
        "ranked": data.ranked_count(indicator),
        "observations": indicator_records(data, indicator),
    }


def municipality_payload(data: AtlasData, code: str) -> dict[str, Any]:
    area = data.areas[code]
    return {
        "code": area.code,
        "name": area.name,
        "region": area.region,
        "url": reverse("atlas:municipality-detail", args=[area.code]),
        "indicators": [indicator_meta(i) for i in data.indicators],
        "observations": municipality_records(data, code),
    }


def comparison_payload(data: AtlasData, codes: Sequence[str]) -> dict[str, Any]:
    rows = comparison_figures(data, codes)
    return {
        "municipalities": [
            {"code": c, "name": data.areas[c].name, "region": data.areas[c].region} for c in codes
        ],
        "indicators": [indicator_meta(i) for i in data.indicators],
        "observations": comparison_records(data, codes),
        "averages": [
            {
                "indicator": row.indicator.code,
                "value": _number(row.average),
                "reason_missing": row.no_average or None,
            }
            for row in rows
        ],
    }


# --- JSON-stat ------------------------------------------------------------------------------
def _jsonstat(
    data: AtlasData,
    *,
    label: str,
    indicators: Sequence[Indicator],
    records: Iterable[dict[str, Any]],
    area_codes: Sequence[str],
    href: str,
) -> dict[str, Any]:
    records = list(records)
    periods = sorted({r["period"] for r in records})
    values: dict[tuple[str, ...], Any] = {}
    status: dict[tuple[str, ...], str] = {}
    for r in records:
        key = (r["indicator"], r["area_code"], r["period"])
        values[key] = r["value"]
        if r["status"] != "value":
            status[key] = r["status"]
    sources = sorted({i.source.attribution or i.source.title for i in indicators})
    dimensions = [
        jsonstat.Dimension(
            "indicator",
            "Indikator",
            [(i.code, i.title) for i in indicators],
            role="metric",
            units={i.code: {"label": i.unit, "decimals": i.decimals} for i in indicators},
        ),
        jsonstat.Dimension(
            "area", "Område", [(c, _area_name(data, c)) for c in area_codes], role="geo"
        ),
        jsonstat.Dimension("period", "Periode", [(p, p) for p in periods], role="time"),
    ]
    return jsonstat.dataset(
        label=label,
        dimensions=dimensions,
        values=values,
        status=status,
        source="; ".join(sources),
        href=href,
        note=[
            "Status 'fewer_than_5': the figure counts fewer than 5 people and is not published.",
        ],
    )


def _present_areas(records: Iterable[dict[str, Any]], order: Sequence[str]) -> list[str]:
    seen = {r["area_code"] for r in records}
    return [c for c in order if c in seen]


def indicator_jsonstat(data: AtlasData, indicator: Indicator) -> dict[str, Any]:
    records = indicator_records(data, indicator)
    return _jsonstat(
        data,
        label=indicator.title,
        indicators=[indicator],
        records=records,
        area_codes=_present_areas(records, [ALL_DENMARK, *data.areas]),
        href=indicator.get_absolute_url(),
    )


def municipality_jsonstat(data: AtlasData, code: str) -> dict[str, Any]:
    records = municipality_records(data, code)
    return _jsonstat(
        data,
        label=data.areas[code].name,
        indicators=data.indicators,
        records=records,
        area_codes=_present_areas(records, [code, ALL_DENMARK]),
        href=reverse("atlas:municipality-detail", args=[code]),
    )


def comparison_jsonstat(data: AtlasData, codes: Sequence[str]) -> dict[str, Any]:
    records = comparison_records(data, codes)
    return _jsonstat(
        data,
        label=", ".join(data.areas[c].name for c in codes),
        indicators=data.indicators,
        records=records,
        area_codes=_present_areas(records, [*codes, ALL_DENMARK]),
        href="",
    )


# --- Responses ------------------------------------------------------------------------------
def csv_rows(records: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    for r in records:
        yield [
            r["indicator"],
            r["area_code"],
            r["area"],
            r["period"],
            "" if r["value"] is None else r["value"],
            r["unit"],
            "" if r["numerator"] is None else r["numerator"],
            "" if r["denominator"] is None else r["denominator"],
            r["status"],
            "" if r["rank"] is None else r["rank"],
        ]


def json_download(payload: dict[str, Any], filename: str, content_type: str) -> HttpResponse:
    response = JsonResponse(
        payload, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
