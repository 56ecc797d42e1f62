"""The choropleth drawn from the TopoJSON, its classes, its cache, the sparkline and the
JSON-stat writer."""

from __future__ import annotations

from decimal import Decimal
from math import prod
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from socius.atlas import jsonstat, maps


def test_every_municipality_has_one_outline_and_islands_are_joined_by_code():
    shapes = maps.shapes()
    assert len(shapes.paths) == 98
    assert "411" not in shapes.paths  # Christiansø is run by the state
    assert shapes.paths["825"].count("M") > 1  # Læsø and its islets: one municipality
    assert shapes.paths["101"].count("M") >= 1
    assert shapes.inset is not None  # Bornholm in its frame


def test_the_map_is_an_image_with_a_name_a_description_and_hatching_for_no_figure():
    fills = dict.fromkeys(maps.shapes().paths, maps.PALETTE[0])
    fills["825"] = None
    svg = maps.choropleth_svg(fills=fills, title="Kort <1>", description="Højest i X & Y.")
    assert 'role="img"' in svg
    assert 'aria-labelledby="atlas-map-title atlas-map-desc"' in svg
    assert '<title id="atlas-map-title">Kort &lt;1&gt;</title>' in svg
    assert "Højest i X &amp; Y." in svg
    assert svg.count("<path ") == 98
    assert svg.count('fill="url(#atlas-map-none)"') == 1


def test_a_map_is_drawn_once_for_the_same_content():
    fills = dict.fromkeys(maps.shapes().paths, maps.PALETTE[1])
    maps._MEMO.clear()
    with mock.patch.object(maps, "_draw", wraps=maps._draw) as draw:
        first = maps.choropleth_svg(fills=fills, title="A", description="B")
        second = maps.choropleth_svg(fills=fills, title="A", description="B")
        maps.choropleth_svg(fills=fills, title="A", description="C")
    assert first == second
    assert draw.call_count == 2


@given(st.lists(st.decimals(min_value=-1000, max_value=10**6, places=2), min_size=1, max_size=98))
def test_every_value_falls_in_one_ordered_class(values):
    classes = maps.steps(values)
    assert 1 <= len(classes) <= len(maps.PALETTE)
    assert [c.low for c in classes] == sorted(c.low for c in classes)
    for a, b in zip(classes, classes[1:], strict=False):
        assert a.high < b.low  # no value belongs to two classes
    for value in values:
        colour = maps.colour_of(value, classes)
        assert any(c.colour == colour and c.low <= value <= c.high for c in classes)
    assert len({c.colour for c in classes}) == len(classes)


def test_the_sparkline_needs_two_values_and_is_hidden_from_screen_readers():
    assert maps.sparkline_svg([1.0]) == ""
    svg = maps.sparkline_svg([1.0, 3.0, 2.0])
    assert 'aria-hidden="true"' in svg
    assert "<polyline" in svg


@given(
    st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=3),
    st.data(),
)
def test_jsonstat_has_one_value_per_cell_in_row_major_order(sizes, data):
    dims = [
        jsonstat.Dimension(f"d{n}", f"D{n}", [(f"c{i}", f"C{i}") for i in range(size)])
        for n, size in enumerate(sizes)
    ]
    keys = [tuple(f"c{data.draw(st.integers(0, s - 1))}" for s in sizes) for _ in range(3)]
    values = {k: Decimal(n + 1) for n, k in enumerate(dict.fromkeys(keys))}
    out = jsonstat.dataset(label="x", dimensions=dims, values=values, status={keys[0]: "e"})
    assert out["version"] == "2.0"
    assert out["class"] == "dataset"
    assert out["size"] == sizes
    assert len(out["value"]) == prod(sizes)
    for key, value in values.items():
        position = 0
        for size, cid in zip(sizes, key, strict=True):
            position = position * size + int(cid[1:])
        assert out["value"][position] == int(value)
    assert sum(v is not None for v in out["value"]) == len(values)
    assert list(out["status"].values()) == ["e"]


def test_numbers_keep_their_decimals_and_integers_stay_integers():
    assert jsonstat.number(Decimal("4.600000")) == 4.6
    assert jsonstat.number(Decimal("671714.000000")) == 671714
    assert isinstance(jsonstat.number(Decimal("671714.000000")), int)
    assert jsonstat.number(None) is None
