"""Server-rendered charts that always come with their data table.

Modules describe a chart as data (title, description, columns, rows) plus a Vega-Lite
specification built with altair; ``render_chart`` turns the specification into SVG with
vl-convert (no JavaScript in the browser, nothing from a third party) and the template
``core/chart.html`` shows it as an image with a text alternative, followed by a table with
the same numbers, so that nobody depends on seeing the picture.

The SVG is embedded as a ``data:`` image: an image cannot run script, and it needs no
exception from the content security policy. Rendering takes ~50–100 ms, so the SVG is cached
by a hash of the specification (same numbers → same picture, no stale charts).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

CACHE_SECONDS = 24 * 3600
FONT = "Liberation Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Chart:
    """A chart ready for ``{% include "core/chart.html" with chart=... %}``."""

    title: str
    description: str  # the text alternative: what the chart shows, in one or two sentences
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]
    svg: str = field(repr=False)

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _canonical(spec: dict[str, Any]) -> str:
    return json.dumps(spec, sort_keys=True, default=str, separators=(",", ":"))


def chart_cache_key(spec: dict[str, Any]) -> str:
    return "chart:" + hashlib.sha256(_canonical(spec).encode()).hexdigest()


def render_svg(spec: dict[str, Any]) -> str:
    """The SVG of a Vega-Lite specification, cached by its content."""
    import vl_convert

    canonical = _canonical(spec)
    key = chart_cache_key(spec)
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(json.loads(canonical))
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def render_chart(
    chart: Any,
    *,
    title: str,
    description: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> Chart:
    """Render an altair chart (or a Vega-Lite dict) with its data table."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    spec.setdefault("config", {}).setdefault("font", FONT)
    return Chart(
        title=str(title),
        description=str(description),
        columns=[str(c) for c in columns],
        rows=[list(r) for r in rows],
        svg=render_svg(spec),
    )


def bar_chart(
    *,
    title: str,
    description: str,
    label_title: str,
    value_title: str,
    data: Sequence[tuple[str, float]],
    color: str = "#0059b3",
) -> Chart:
    """A horizontal bar chart of labelled counts or amounts (the most common case)."""
    import altair as alt

    values = [{"label": str(label), "value": value} for label, value in data]
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=color)
        .encode(
            y=alt.Y("label:N", title=str(label_title), sort=None),
            x=alt.X("value:Q", title=str(value_title)),
        )
        .properties(width=420, height=max(40, 28 * len(values)))
    )
    return render_chart(
        spec,
        title=title,
        description=description,
        columns=[label_title, value_title],
        rows=[(label, value) for label, value in data],
    )
