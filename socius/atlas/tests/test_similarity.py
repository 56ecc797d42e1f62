"""The published distance: z-scores, Euclidean distance, log of counts, ties by code; and
the ranks (1 = best given the direction)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from socius.atlas import similarity
from socius.atlas.models import Direction
from socius.atlas.selectors import Cell, atlas_data, rank_cells

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
matrices = st.integers(3, 12).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: arrays(np.float64, (rows, cols), elements=finite)
    )
)


def _codes(n):
    return [f"{100 + i}" for i in range(n)]


@given(matrices)
def test_the_nearest_never_include_the_municipality_itself_and_are_sorted(matrix):
    z, _kept = similarity.standardise(matrix)
    codes = _codes(len(matrix))
    found = similarity.nearest(z, codes, codes[0], 5)
    assert codes[0] not in [c for c, _d in found]
    assert len(found) == min(5, len(codes) - 1)
    keys = [(round(d, similarity.DISTANCE_DIGITS), c) for c, d in found]
    assert keys == sorted(keys)


@given(matrices)
def test_distances_are_symmetric_and_zero_to_itself(matrix):
    z, _kept = similarity.standardise(matrix)
    d0 = similarity.distances(z, 0)
    d1 = similarity.distances(z, 1)
    assert d0[0] == 0
    assert d0[1] == pytest.approx(d1[0])


@given(matrices, st.floats(0.01, 1000), st.floats(-1000, 1000))
def test_the_choice_does_not_depend_on_the_unit_of_an_input(matrix, scale, shift):
    # Standardising makes a column's unit (kroner or thousands) and origin irrelevant.
    assume(all(np.ptp(matrix[:, c]) > 1e-3 for c in range(matrix.shape[1])))
    changed = matrix.copy()
    changed[:, 0] = changed[:, 0] * scale + shift
    z1, _ = similarity.standardise(matrix)
    z2, _ = similarity.standardise(changed)
    d1, d2 = similarity.distances(z1, 0), similarity.distances(z2, 0)
    assert np.allclose(d1, d2, atol=1e-6)


def test_equal_distances_are_decided_by_the_code():
    z = np.array([[0.0], [1.0], [-1.0], [1.0]])
    found = similarity.nearest(z, ["500", "300", "200", "100"], "500", 3)
    assert [c for c, _d in found] == ["100", "200", "300"]


def test_a_column_without_spread_is_left_out():
    z, kept = similarity.standardise(np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]]))
    assert list(kept) == [True, False]
    assert (z[:, 1] == 0).all()


@pytest.mark.django_db
def test_similar_municipalities_on_the_shipped_figures(full_atlas):
    found = similarity.similar_to(atlas_data(), "751")
    assert found is not None
    assert found.target.area.name == "Aarhus"
    assert len(found.neighbours) == 5
    assert [i.log for i in found.inputs] == [True, False, False, False]  # population only
    assert found.target.z[0] == pytest.approx(
        (np.log(found.target.values[0]) - found.inputs[0].mean) / found.inputs[0].sd
    )
    # Aarhus is nearer to the big cities than to Læsø.
    codes = found.codes
    assert "825" not in codes


@pytest.mark.django_db
def test_a_municipality_without_every_input_is_left_out(small_atlas):
    data = atlas_data()
    found = similarity.similar_to(data, "101")
    assert found is not None
    assert {a.code for a in found.left_out} >= {"860"}
    assert similarity.similar_to(data, "860") is None


values = st.dictionaries(
    st.sampled_from(_codes(20)), st.decimals(0, 100, places=1), min_size=1, max_size=20
)


@given(values, st.sampled_from(list(Direction)))
def test_rank_one_is_the_best_and_equal_values_share_a_rank(found, direction):
    cells = {code: Cell(code, "2024", "value", value) for code, value in found.items()}
    ranks = rank_cells(cells, direction)
    assert sorted(ranks) == sorted(found)
    best = min(found.values()) if direction == Direction.HIGHER_WORSE else max(found.values())
    assert {c for c, r in ranks.items() if r == 1} == {c for c, v in found.items() if v == best}
    for a in found:
        for b in found:
            if found[a] == found[b]:
                assert ranks[a] == ranks[b]
            better = (
                found[a] < found[b] if direction == Direction.HIGHER_WORSE else found[a] > found[b]
            )
            if better:
                assert ranks[a] < ranks[b]
    # A rank counts the municipalities before it (competition ranking: 1, 2, 2, 4).
    for _code, rank in ranks.items():
        assert rank == 1 + sum(1 for other in ranks.values() if other < rank)


def test_cells_without_a_value_get_no_rank():
    cells = {
        "101": Cell("101", "2024", "value", Decimal(3)),
        "147": Cell("147", "2024", "fewer_than_5"),
        "151": Cell("151", "2024", "missing"),
    }
    assert rank_cells(cells, Direction.NEUTRAL) == {"101": 1}
