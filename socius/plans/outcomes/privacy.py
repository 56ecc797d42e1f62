"""The protection of every released number: differential privacy, then small cells.

Threat model: anyone may read every release (the public pages and the API) and may know
everything about every citizen but one; they want to learn something about that one person
(whether they have a plan, or how a life domain went for them). Releases add up over time,
so the protection must hold for all of a cohort's releases together.

1. **Noise (OpenDP).** A table counts people: each person falls in at most one cell of each
   row (a life domain), so removing or adding one person changes each count by at most 1 and
   the table, read as one vector, by at most ``rows`` in the L1 distance (the sensitivity we
   give OpenDP, ``d_in``). The counts get the discrete Laplace (geometric) mechanism,
   ``opendp.measurements.make_laplace`` on integer vectors, with the smallest scale whose
   privacy map gives at most epsilon for that ``d_in``: the release is epsilon-differentially
   private (pure DP, max divergence). Negative noisy counts are shown as 0 (post-processing).
2. **Small cells.** A cell whose noisy count is under 5 is shown as "fewer than 5". Because
   the decision is taken on the noisy counts, it is post-processing and keeps the guarantee
   (deciding on the true counts would make the pattern of hidden cells itself leak).
3. **Complementary suppression.** Row and column totals are released too (sums of the noisy
   counts, hidden cells included). A hidden cell would be given away by a total if it were the
   only hidden cell of its row or column, or more generally if the linear system of totals
   pins it down: that happens exactly when the cell is a bridge in the bipartite graph of
   hidden cells (rows and columns as nodes). We hide further cells, the smallest first, until
   every hidden cell lies on a cycle, so every hidden cell can take a range of values that
   fits all the totals.
4. **Budget.** Each release is charged to the municipality's cohort year in the ledger
   (services.py); a release that would exceed the year's cap is refused before any counting.

Not in scope: the people who can read the outcome records in the database (operators); the
records hold no text and no link to a plan or a person.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

SMALL_CELL_LIMIT = 5

Matrix = list[list[int]]


def _dp() -> Any:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


def measurement(*, scale: float) -> Any:
    """OpenDP's discrete Laplace mechanism on a vector of integer counts."""
    dp = _dp()
    return dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale
    )


def scale_for(*, epsilon: float, sensitivity: int) -> float:
    """The smallest scale (to float precision) whose OpenDP privacy map for ``sensitivity``
    stays within ``epsilon``."""
    if epsilon <= 0 or sensitivity < 1:
        raise ValueError("epsilon must be positive and the sensitivity at least 1")
    scale = sensitivity / epsilon
    while measurement(scale=scale).map(sensitivity) > epsilon:
        scale = math.nextafter(scale, math.inf)
    return scale


def privacy_loss(*, scale: float, sensitivity: int) -> float:
    """Epsilon for neighbours ``sensitivity`` apart, by OpenDP's privacy map."""
    return float(measurement(scale=scale).map(sensitivity))


def noise_opendp(counts: list[int], scale: float) -> list[int]:
    return [int(v) for v in measurement(scale=scale)(counts)]


@dataclass(frozen=True)
class Released:
    """A table as released: ``cells`` hold noisy counts, ``None`` where hidden."""

    cells: list[list[int | None]]
    row_totals: list[int]
    column_totals: list[int]
    total: int
    scale: float
    sensitivity: int
    epsilon: float


def table_release(
    counts: Sequence[Sequence[int]],
    *,
    epsilon: float,
    noise: Callable[[list[int], float], list[int]] = noise_opendp,
) -> Released:
    """Noise, then suppression (both described in the module's docstring)."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    sensitivity = max(rows, 1)
    scale = scale_for(epsilon=epsilon, sensitivity=sensitivity)
    flat = [int(v) for row in counts for v in row]
    noisy_flat = [max(0, v) for v in noise(flat, scale)] if flat else []
    noisy = [noisy_flat[r * columns : (r + 1) * columns] for r in range(rows)]
    hidden = suppression(noisy)
    cells: list[list[int | None]] = [
        [None if hidden[r][c] else noisy[r][c] for c in range(columns)] for r in range(rows)
    ]
    row_totals = [sum(row) for row in noisy]
    column_totals = [sum(noisy[r][c] for r in range(rows)) for c in range(columns)]
    return Released(
        cells=cells,
        row_totals=row_totals,
        column_totals=column_totals,
        total=sum(row_totals),
        scale=scale,
        sensitivity=sensitivity,
        epsilon=epsilon,
    )


def suppression(values: Sequence[Sequence[int]]) -> list[list[bool]]:
    """Which cells to hide: under ``SMALL_CELL_LIMIT``, then complementary cells until no
    hidden cell is a bridge (so none can be worked out from the row and column totals)."""
    rows = len(values)
    columns = len(values[0]) if rows else 0
    hidden = [[values[r][c] < SMALL_CELL_LIMIT for c in range(columns)] for r in range(rows)]
    while True:
        bridge = _first_bridge(hidden)
        if bridge is None:
            return hidden
        r, c = bridge
        _close_cycle(hidden, values, r, c)


def _first_bridge(hidden: list[list[bool]]) -> tuple[int, int] | None:
    for r, row in enumerate(hidden):
        for c, is_hidden in enumerate(row):
            if is_hidden and not _connected_without(hidden, r, c):
                return r, c
    return None


def _connected_without(hidden: list[list[bool]], r0: int, c0: int) -> bool:
    """Whether row ``r0`` still reaches column ``c0`` through hidden cells other than
    (r0, c0)."""
    seen_rows, seen_columns = {r0}, set()
    todo: list[tuple[str, int]] = [("r", r0)]
    while todo:
        kind, i = todo.pop()
        if kind == "r":
            for c, is_hidden in enumerate(hidden[i]):
                if is_hidden and (i, c) != (r0, c0) and c not in seen_columns:
                    if c == c0:
                        return True
                    seen_columns.add(c)
                    todo.append(("c", c))
        else:
            for r, row in enumerate(hidden):
                if row[i] and (r, i) != (r0, c0) and r not in seen_rows:
                    seen_rows.add(r)
                    todo.append(("r", r))
    return False


def _close_cycle(hidden: list[list[bool]], values: Sequence[Sequence[int]], r: int, c: int) -> None:
    """Hide the cheapest rectangle corners that put (r, c) on a cycle; if the table has a
    single row or column, hide that whole line (its total then shows only their sum)."""
    rows, columns = len(hidden), len(hidden[0])
    best: tuple[int, int, int] | None = None
    for r2 in range(rows):
        for c2 in range(columns):
            if r2 == r or c2 == c:
                continue
            cost = sum(values[a][b] for a, b in ((r, c2), (r2, c2), (r2, c)) if not hidden[a][b])
            if best is None or cost < best[0]:
                best = (cost, r2, c2)
    if best is None:
        # One row or one column: no cycle exists; the line's total is all there is.
        raise SuppressionError("A table needs at least two rows and two columns.")
    _cost, r2, c2 = best
    for a, b in ((r, c2), (r2, c2), (r2, c)):
        hidden[a][b] = True


class SuppressionError(ValueError):
    """The table's shape does not allow hiding a cell safely."""
