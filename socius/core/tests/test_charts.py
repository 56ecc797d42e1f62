"""Charts are SVG rendered on the server, cached by content, and always shown with a table."""

from __future__ import annotations

import base64
import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string

from socius.core.charts import bar_chart, chart_cache_key, render_svg


def _svg_text(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]+)</text>", svg)


def test_bar_chart_draws_every_label_and_its_table_lists_the_numbers() -> None:
    chart = bar_chart(
        title="Henvendelser pr. tema",
        description="Ensomhed har flest henvendelser.",
        label_title="Tema",
        value_title="Antal",
        data=[("Ensomhed", 7), ("Hjemløshed", 3), ("Æblehaver & <script>", 1)],
    )
    assert chart.svg.startswith("<svg")
    labels = _svg_text(chart.svg)
    assert "Ensomhed" in labels
    assert "Hjemløshed" in labels
    assert "<script>" not in chart.svg  # text is escaped inside the SVG
    html = render_to_string("core/chart.html", {"chart": chart})
    assert 'alt="Ensomhed har flest henvendelser."' in html
    assert '<th scope="row">Hjemløshed</th>' in html
    assert '<td class="text-align-right">3</td>' in html
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    encoded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert encoded is not None
    assert base64.b64decode(encoded.group(1)).decode() == chart.svg


def test_the_svg_is_cached_by_the_specification() -> None:
    spec = {
        "data": {"values": [{"a": "x", "b": 1}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "a", "type": "nominal"},
            "y": {"field": "b", "type": "quantitative"},
        },
    }
    first = render_svg(spec)
    assert cache.get(chart_cache_key(spec)) == first
    cache.set(chart_cache_key(spec), "<svg>cached</svg>")
    assert render_svg(spec) == "<svg>cached</svg>"  # served from the cache, not redrawn
    changed = {**spec, "data": {"values": [{"a": "y", "b": 2}]}}
    assert render_svg(changed) != first


@pytest.mark.parametrize("rows", [[], [("Ingen", 0)]])
def test_an_empty_chart_still_renders_with_a_table(rows: list[tuple[str, int]]) -> None:
    chart = bar_chart(
        title="Tom", description="Ingen data.", label_title="T", value_title="N", data=rows
    )
    html = render_to_string("core/chart.html", {"chart": chart})
    assert "<table" in html
    assert "<img" in html
