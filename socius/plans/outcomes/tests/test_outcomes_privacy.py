"""Property tests of the released numbers: the privacy guarantee (through OpenDP's privacy
map and the mechanism's probabilities) and suppression that no total undoes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.plans.outcomes import privacy

epsilons = st.sampled_from([0.05, 0.1, 0.25, 0.5, 1.0])
tables = st.integers(min_value=2, max_value=6).flatmap(
    lambda rows: st.integers(min_value=2, max_value=3).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(min_value=0, max_value=40), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


def _without_one_person(counts, pick):
    """A neighbouring table: one person removed (one cell less in some rows)."""
    neighbour = [list(row) for row in counts]
    for r, row in enumerate(neighbour):
        c = pick[r % len(pick)] % len(row)
        if pick[r % len(pick)] % 2 == 0 and row[c] > 0:
            row[c] -= 1
    return neighbour


def _log_pmf(values, centre, scale):
    # The discrete Laplace's probability, up to a constant shared by both neighbours.
    return -sum(abs(v - x) for v, x in zip(values, centre, strict=True)) / scale


@settings(max_examples=60)
@given(counts=tables, epsilon=epsilons, pick=st.lists(st.integers(0, 20), min_size=1, max_size=6))
def test_removing_one_person_keeps_every_output_within_e_to_the_epsilon(counts, epsilon, pick):
    # given a table and the same table without one person
    neighbour = _without_one_person(counts, pick)
    flat, flat_neighbour = sum(counts, []), sum(neighbour, [])
    sensitivity = len(counts)
    # then every count moves by at most 1, the table by at most its number of rows ...
    assert all(abs(a - b) <= 1 for a, b in zip(flat, flat_neighbour, strict=True))
    distance = sum(abs(a - b) for a, b in zip(flat, flat_neighbour, strict=True))
    assert distance <= sensitivity
    # ... OpenDP's privacy map of the mechanism we use gives at most epsilon for that ...
    scale = privacy.scale_for(epsilon=epsilon, sensitivity=sensitivity)
    assert privacy.privacy_loss(scale=scale, sensitivity=sensitivity) <= epsilon
    # ... and for an actual output of the mechanism the probability ratio stays in e^eps.
    output = privacy.noise_opendp(flat, scale)
    ratio = _log_pmf(output, flat, scale) - _log_pmf(output, flat_neighbour, scale)
    assert abs(ratio) <= epsilon + 1e-9


@settings(max_examples=40)
@given(counts=tables, epsilon=epsilons, pick=st.lists(st.integers(0, 20), min_size=1, max_size=6))
def test_suppression_depends_only_on_the_noisy_numbers(counts, epsilon, pick):
    # Two neighbouring tables that happen to draw the same noisy numbers are released
    # identically: suppression and totals are post-processing.
    neighbour = _without_one_person(counts, pick)
    drawn = privacy.noise_opendp(
        sum(counts, []), privacy.scale_for(epsilon=epsilon, sensitivity=len(counts))
    )

    def fixed(values, scale):
        return list(drawn)

    assert privacy.table_release(counts, epsilon=epsilon, noise=fixed) == privacy.table_release(
        neighbour, epsilon=epsilon, noise=fixed
    )


def _recoverable(released):
    """Hidden cells that the row and column totals pin down (linear algebra)."""
    cells = released.cells
    hidden = [(r, c) for r, row in enumerate(cells) for c, v in enumerate(row) if v is None]
    if not hidden:
        return []
    rows, columns = len(cells), len(cells[0])
    system = []
    for r in range(rows):
        system.append([1.0 if h[0] == r else 0.0 for h in hidden])
    for c in range(columns):
        system.append([1.0 if h[1] == c else 0.0 for h in hidden])
    matrix = np.array(system)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for i, cell in enumerate(hidden):
        unit = np.zeros(len(hidden))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, unit])) == rank:
            found.append(cell)
    return found


@settings(max_examples=150)
@given(counts=tables, epsilon=epsilons)
def test_no_hidden_cell_can_be_worked_out_from_the_totals(counts, epsilon):
    released = privacy.table_release(counts, epsilon=epsilon)
    assert _recoverable(released) == []
    # Totals are sums of the noisy numbers, so they agree with the cells that are shown.
    assert sum(released.row_totals) == sum(released.column_totals) == released.total


@settings(max_examples=150)
@given(values=tables)
def test_every_small_cell_is_hidden_and_none_is_a_bridge(values):
    hidden = privacy.suppression(values)
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value < privacy.SMALL_CELL_LIMIT:
                assert hidden[r][c]
    fake = privacy.Released(
        cells=[[None if hidden[r][c] else v for c, v in enumerate(row)] for r, row in enumerate(values)],
        row_totals=[], column_totals=[], total=0, scale=1.0, sensitivity=1, epsilon=1.0,
    )  # fmt: skip
    assert _recoverable(fake) == []


def test_a_lone_small_cell_takes_a_rectangle_with_it():
    hidden = privacy.suppression([[3, 50, 60], [70, 40, 90], [80, 20, 10]])
    assert hidden == [[True, True, False], [False, False, False], [True, True, False]]


def test_the_scale_follows_the_sensitivity():
    assert privacy.scale_for(epsilon=0.5, sensitivity=6) == pytest.approx(12.0)
    assert math.isclose(privacy.privacy_loss(scale=12.0, sensitivity=6), 0.5)
    with pytest.raises(ValueError, match="epsilon"):
        privacy.scale_for(epsilon=0, sensitivity=6)


def test_a_table_with_one_row_cannot_hide_safely():
    with pytest.raises(privacy.SuppressionError):
        privacy.suppression([[3, 50]])
