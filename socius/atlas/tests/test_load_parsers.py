"""Property tests of the parsers: BULK and JSON-stat cells come out as they went in, and any
text is either a number, a marker or a translated error."""

from __future__ import annotations

import io
import itertools
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from socius.atlas.models import Status
from socius.atlas.sources.parsers import bulk_cells, jsonstat_cells, number_read

decimals = st.decimals(
    min_value=Decimal("-99999999999999"),
    max_value=Decimal("99999999999999"),
    places=6,
    allow_nan=False,
    allow_infinity=False,
)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (message ids); Danish is the catalogue's."""
    with translation.override("en"):
        yield


@given(decimals, st.booleans())
def test_a_number_reads_back_with_point_or_comma(value, comma):
    text = format(value, "f")
    if comma:
        text = text.replace(".", ",")
    assert number_read(text, "cell") == (value, Status.VALUE)


@given(st.text(max_size=30))
def test_any_text_is_a_number_a_marker_or_a_clear_error(text):
    try:
        value, status = number_read(text, "cell")
    except ValidationError as exc:
        message = exc.messages[0]
    else:
        assert (value is None) == (status != Status.VALUE)
        assert value is None or value.is_finite()
        return
    assert "cell" in message


def test_markers():
    assert number_read("..", "c") == (None, Status.MISSING)
    assert number_read("-", "c") == (None, Status.ZERO)
    assert number_read("", "c") == (None, Status.MISSING)


codes = st.lists(st.from_regex(r"[0-9]{3}", fullmatch=True), min_size=1, max_size=4, unique=True)
cell_values = st.one_of(st.none(), st.integers(min_value=0, max_value=10**9))


@given(codes, codes, codes, st.permutations([0, 1, 2]), st.data())
def test_json_stat_cells_follow_row_major_order(areas, periods, others, order, data):
    dims = [("OMRÅDE", areas), ("Tid", periods), ("KØN", others)]
    dims = [dims[i] for i in order]
    total = len(areas) * len(periods) * len(others)
    values = data.draw(st.lists(cell_values, min_size=total, max_size=total))
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": [name for name, _c in dims],
        "size": [len(c) for _n, c in dims],
        "dimension": {name: {"category": {"index": c}} for name, c in dims},
        "value": values,
    }
    cells = list(
        jsonstat_cells(
            json.dumps(document).encode(),
            area_variable="OMRÅDE",
            time_variable="Tid",
            allowed={name: frozenset(c) for name, c in dims},
        )
    )
    expected = list(itertools.product(*[c for _n, c in dims]))
    assert len(cells) == total
    area_at, time_at = (
        [name for name, _c in dims].index("OMRÅDE"),
        [n for n, _c in dims].index("Tid"),
    )
    for cell, place, value in zip(cells, expected, values, strict=True):
        assert (cell.area, cell.period) == (place[area_at], place[time_at])
        assert cell.value == (None if value is None else Decimal(value))


@given(st.lists(st.tuples(st.sampled_from(["101", "147", "000"]), cell_values), max_size=50))
def test_bulk_cells_come_out_as_they_went_in(rows):
    lines = ["OMRÅDE;TID;INDHOLD"] + [
        f"{area};2024;{'..' if value is None else value}" for area, value in rows
    ]
    stream = io.BytesIO(b"\xef\xbb\xbf" + "\r\n".join(lines).encode())
    cells = list(
        bulk_cells(
            stream,
            area_variable="OMRÅDE",
            time_variable="Tid",
            allowed={"OMRÅDE": None, "Tid": None},
        )
    )
    assert [(c.area, c.value) for c in cells] == [
        (area, None if value is None else Decimal(value)) for area, value in rows
    ]


def test_sparse_json_stat_values_and_status():
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["OMRÅDE", "Tid"],
        "size": [3, 1],
        "dimension": {
            "OMRÅDE": {"category": {"index": {"101": 0, "147": 1, "751": 2}}},
            "Tid": {"category": {"index": ["2024"]}},
        },
        "value": {"0": 5, "2": 7.5},
        "status": {"1": "-"},
    }
    cells = list(
        jsonstat_cells(
            json.dumps(document).encode(),
            area_variable="OMRÅDE",
            time_variable="Tid",
            allowed={"OMRÅDE": None, "Tid": None},
        )
    )
    assert [(c.area, c.value, c.status) for c in cells] == [
        ("101", Decimal(5), Status.VALUE),
        ("147", None, Status.ZERO),
        ("751", Decimal("7.5"), Status.VALUE),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": {"9": 1}}, "a cell “9” outside its sizes"),
        ({"size": [3, -1]}, "“id” and “size” do not match"),
        ({"class": "collection"}, "not a JSON-stat dataset"),
        ({"status": ["..", ".."]}, "has 2 status markers but its sizes multiply to 3"),
        ({"value": [1, True, 3]}, "Cell 1 is not a number"),
    ],
)
def test_inconsistent_json_stat_is_refused(change, message):
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["OMRÅDE", "Tid"],
        "size": [3, 1],
        "dimension": {
            "OMRÅDE": {"category": {"index": ["101", "147", "751"]}},
            "Tid": {"category": {"index": ["2024"]}},
        },
        "value": [1, 2, 3],
        **change,
    }
    with pytest.raises(ValidationError, match=message):
        list(
            jsonstat_cells(
                json.dumps(document).encode(),
                area_variable="OMRÅDE",
                time_variable="Tid",
                allowed={"OMRÅDE": None, "Tid": None},
            )
        )


def test_a_sparse_json_stat_claiming_a_billion_cells_is_refused_at_once():
    thousand = [f"{n:04d}" for n in range(1000)]
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["OMRÅDE", "Tid", "KØN"],
        "size": [1000, 1000, 1000],
        "dimension": {name: {"category": {"index": thousand}} for name in ("OMRÅDE", "Tid", "KØN")},
        "value": {"0": 1},
    }
    with pytest.raises(ValidationError, match="claims 1000000000 cells; at most 1000000"):
        next(
            jsonstat_cells(
                json.dumps(document).encode(),
                area_variable="OMRÅDE",
                time_variable="Tid",
                allowed={"OMRÅDE": None, "Tid": None, "KØN": None},
            )
        )
