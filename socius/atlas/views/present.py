"""How the pages write figures, ranks, maps and queries, in the active language."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from socius.atlas import maps
from socius.atlas.models import Direction, Indicator, Status
from socius.atlas.selectors import SMALL, AtlasData, Cell, Placed
from socius.core.charts import Chart, render_chart

STATBANK_DATA_URL = "https://api.statbank.dk/v1/data"
STATBANK_TABLE_URL = "https://www.statbank.dk/"


def number(indicator: Indicator, value: Decimal | float) -> str:
    """Rounded half up to the indicator's decimals (number_format alone cuts digits off)."""
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    rounded = exact.quantize(Decimal(1).scaleb(-indicator.decimals), rounding=ROUND_HALF_UP)
    return number_format(
        rounded, decimal_pos=indicator.decimals, use_l10n=True, force_grouping=True
    )


def cell_text(indicator: Indicator, cell: Cell | None) -> str:
    """A figure as the pages write it; a hidden or missing one says why."""
    if cell is None:
        return _("no national value")
    if cell.shown and cell.value is not None:
        return number(indicator, cell.value)
    return {
        SMALL: _("fewer than 5"),
        Status.CONFIDENTIAL: _("confidential"),
        Status.ZERO: _("nothing counted"),
    }.get(cell.status, _("no value"))


def national_text(indicator: Indicator, cell: Cell | None) -> str:
    return _("no national value") if cell is None else cell_text(indicator, cell)


def rank_text(rank: int | None, ranked: int) -> str:
    if rank is None:
        return "–"
    return _("%(rank)d of %(count)d") % {"rank": rank, "count": ranked}


def direction_text(indicator: Indicator) -> str:
    if indicator.direction == Direction.HIGHER_BETTER:
        return _("Higher is better: rank 1 is the highest value.")
    if indicator.direction == Direction.HIGHER_WORSE:
        return _("Higher is worse: rank 1 is the lowest value.")
    return _(
        "Neither higher nor lower is better: rank 1 is simply the highest value, not the best."
    )


@dataclass(frozen=True)
class Query:
    label: str
    method: str
    body: str


def queries(indicator: Indicator) -> list[Query]:
    """The StatBank requests that reproduce the figure: one body for a figure the table gives,
    a numerator and a denominator for a rate computed from counts."""
    labels = {
        "value": _("The figure"),
        "numerator": _("Numerator"),
        "denominator": _("Denominator"),
    }
    found = []
    query = indicator.query if isinstance(indicator.query, dict) else {}
    for key, body in query.items():
        if not isinstance(body, dict):
            continue
        found.append(
            Query(
                labels.get(key) or str(key),
                f"POST {STATBANK_DATA_URL}",
                json.dumps(body, ensure_ascii=False),
            )
        )
    return found


def table_url(indicator: Indicator) -> str:
    return STATBANK_TABLE_URL + indicator.source_table if indicator.source_table else ""


def drawn(
    data: AtlasData, key: tuple[str, ...], template: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """A part of a page that depends on the figures alone, rendered once per snapshot and
    language and kept with the snapshot (``AtlasData.drawn``): drawn again exactly when the
    figures change. Rendered without the request, so it can hold nothing of the visitor."""
    full = (*key, get_language() or "")
    html = data.drawn.get(full)
    if html is None:
        html = render_to_string(template, context())
        data.drawn[full] = html
    return mark_safe(html)  # noqa: S308 - our own template's output, autoescaped


def about(data: AtlasData, indicator: Indicator) -> SafeString:
    """What the figure means, its source and the query that reproduces it."""
    return drawn(
        data,
        ("about", indicator.code),
        "atlas/includes/source.html",
        lambda: {
            "indicator": indicator,
            "queries": queries(indicator),
            "table_url": table_url(indicator),
        },
    )


def sparkline(indicator: Indicator, series: Sequence[Cell]) -> tuple[SafeString, str]:
    """The small line of a series with its numbers in words; empty without two values."""
    shown = [c for c in series if c.shown and c.value is not None]
    if len(shown) < 2:
        return mark_safe(""), ""  # noqa: S308 - empty
    svg = maps.sparkline_svg([float(c.value) for c in shown if c.value is not None])
    words = "; ".join(f"{c.period}: {cell_text(indicator, c)}" for c in shown)
    return mark_safe(svg), words  # noqa: S308 - drawn here from numbers


# --- The map, its legend and the ranked bars ---------------------------------------------------
@dataclass(frozen=True)
class LegendStep:
    colour: str
    text: str


@dataclass(frozen=True)
class IndicatorMap:
    svg: SafeString
    title: str
    description: str
    legend: list[LegendStep]
    has_hatched: bool


def _extremes(placed: Sequence[Placed]) -> tuple[Placed, Placed] | None:
    shown = [p for p in placed if p.cell.shown and p.cell.value is not None]
    if not shown:
        return None
    high = max(shown, key=lambda p: (p.cell.value, -int(p.area.code)))
    low = min(shown, key=lambda p: (p.cell.value, int(p.area.code)))
    return high, low


def map_description(
    indicator: Indicator, period: str, placed: Sequence[Placed], national: Cell | None
) -> str:
    """The map's text alternative: what it shows, the highest and lowest, the national
    value, and where the numbers are."""
    parts = [
        _("Map of the %(count)d municipalities coloured by %(title)s, %(period)s.")
        % {"count": len(placed), "title": indicator.label.lower(), "period": period}
    ]
    extremes = _extremes(placed)
    if extremes:
        high, low = extremes
        parts.append(
            _("Highest in %(high)s (%(high_value)s), lowest in %(low)s (%(low_value)s).")
            % {
                "high": high.area.name,
                "high_value": cell_text(indicator, high.cell),
                "low": low.area.name,
                "low_value": cell_text(indicator, low.cell),
            }
        )
    if national is not None:
        parts.append(_("All Denmark: %(value)s.") % {"value": cell_text(indicator, national)})
    else:
        parts.append(_("There is no national value."))
    parts.append(_("Every figure is in the table below the map."))
    return " ".join(parts)


def indicator_map(
    indicator: Indicator, period: str, placed: Sequence[Placed], national: Cell | None
) -> IndicatorMap:
    values = [p.cell.value for p in placed if p.cell.shown and p.cell.value is not None]
    classes = maps.steps(values)
    fills: dict[str, str | None] = {}
    for p in placed:
        value = p.cell.value
        fills[p.area.code] = (
            maps.colour_of(value, classes) if p.cell.shown and value is not None else None
        )
    title = _("%(title)s by municipality, %(period)s") % {
        "title": indicator.label,
        "period": period,
    }
    description = map_description(indicator, period, placed, national)
    svg = maps.choropleth_svg(fills=fills, title=title, description=description)
    legend = [
        LegendStep(
            step.colour,
            number(indicator, step.low)
            if step.low == step.high
            else _("%(low)s to %(high)s")
            % {"low": number(indicator, step.low), "high": number(indicator, step.high)},
        )
        for step in classes
    ]
    return IndicatorMap(
        mark_safe(svg),  # noqa: S308 - drawn by maps.py, every text escaped there
        title,
        description,
        legend,
        any(fill is None for fill in fills.values()),
    )


def ranked_bars(indicator: Indicator, period: str, placed: Sequence[Placed]) -> Chart | None:
    """A bar per municipality with a figure, best first (the order of the table)."""
    shown = [p for p in placed if p.cell.shown and p.cell.value is not None]
    if not shown:
        return None
    values = [{"label": p.area.name, "value": float(p.cell.value or 0)} for p in shown]
    unit = indicator.unit_label
    spec: dict[str, Any] = {
        "data": {"values": values},
        "mark": {"type": "bar", "color": "#0059b3"},
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelFontSize": 10, "labelLimit": 160},
            },
            "x": {"field": "value", "type": "quantitative", "title": unit},
        },
        "width": 360,
        "height": 12 * len(values),
    }
    first, last = shown[0], shown[-1]
    description = _(
        "Bars for %(count)d municipalities in rank order, from %(first)s (%(first_value)s) "
        "to %(last)s (%(last_value)s). The numbers are in the table above."
    ) % {
        "count": len(shown),
        "first": first.area.name,
        "first_value": cell_text(indicator, first.cell),
        "last": last.area.name,
        "last_value": cell_text(indicator, last.cell),
    }
    return render_chart(
        spec,
        title=_("%(title)s, municipalities in rank order, %(period)s")
        % {"title": indicator.label, "period": period},
        description=description,
        columns=[],
        rows=[],
    )


def atlas_counts(data: AtlasData) -> dict[str, int]:
    return {"indicators": len(data.indicators), "municipalities": len(data.areas)}
