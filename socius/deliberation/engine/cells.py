"""Where a log of votes lands in a vote matrix: ids to rows and columns, cells, their order.

Building a matrix from votes and replaying ``in-conv`` both need, for every vote, its row and
column in the matrix after the votes are in, and the votes grouped by cell in the order they were
cast.  ``LogIndex`` computes that once (one sort of the votes), so that a full run sorts five
million votes once, not once per step.  Pure numpy on arrays; ``matrix.py`` builds on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def stable_order(keys: IntArray) -> IntArray:
    """``np.argsort(keys, kind="stable")`` for non-negative keys, faster.

    Sorting ``key·n + position`` (one plain sort of integers, several times faster than a
    stable argsort) gives the same order, as long as the product fits in 63 bits."""
    n = len(keys)
    if n == 0 or int(keys.max()) >= (2**62) // n:
        return np.argsort(keys, kind="stable")
    return np.sort(keys * n + np.arange(n, dtype=np.int64)) % n


def union_codes(old: IntArray, new: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """The sorted union of two arrays of ids, and the position of each element in it.

    Ids that are small non-negative integers (participant numbers, database keys) are placed
    through a table of the ids present, which is much faster than sorting five million of them;
    other ids are sorted."""
    both = np.concatenate([old, new]).astype(np.int64)
    if len(both) and int(both.min()) >= 0 and int(both.max()) < 8 * len(both) + 2**20:
        present = np.zeros(int(both.max()) + 1, dtype=bool)
        present[both] = True
        place = np.cumsum(present) - 1
        return np.flatnonzero(present), place[old], place[new]
    uniq = np.unique(both)
    return uniq, np.searchsorted(uniq, old), np.searchsorted(uniq, new)


@dataclass(frozen=True, eq=False)
class LogIndex:
    """Votes (``participant``, ``statement``, oldest first) placed beside a base matrix's ids.

    ``pids``/``tids`` are the union of the base's ids and the votes', sorted: the rows and
    columns of the matrix once the votes are in.  ``base_rows``/``base_cols`` place the base's
    rows and columns there, ``rows``/``cols`` each vote."""

    pids: IntArray
    tids: IntArray
    rows: IntArray
    cols: IntArray
    base_rows: IntArray
    base_cols: IntArray

    @classmethod
    def of(
        cls, participant: IntArray, statement: IntArray, base_pids: IntArray, base_tids: IntArray
    ) -> LogIndex:
        pids, base_rows, rows = union_codes(base_pids, participant)
        tids, base_cols, cols = union_codes(base_tids, statement)
        return cls(pids, tids, rows, cols, base_rows, base_cols)

    @property
    def n_cols(self) -> int:
        return max(len(self.tids), 1)

    @cached_property
    def keys(self) -> IntArray:
        """Each vote's cell, ``row·n_cols + col``: sorting cells sorts the matrix's entries."""
        return self.rows * self.n_cols + self.cols

    @cached_property
    def order(self) -> IntArray:
        """The votes sorted by cell; votes on one cell stay in the order cast."""
        return stable_order(self.keys)

    @cached_property
    def _heads(self) -> BoolArray:
        ordered = self.keys[self.order]
        heads = np.ones(len(ordered), dtype=bool)
        heads[1:] = ordered[1:] != ordered[:-1]
        return heads

    @property
    def first_votes(self) -> IntArray:
        """Index of the first vote cast on each cell, cells in sorted order."""
        return self.order[self._heads]

    @property
    def last_votes(self) -> IntArray:
        """Index of the last vote cast on each cell (the one that counts), cells in order."""
        tails = np.ones(len(self._heads), dtype=bool)
        tails[:-1] = self._heads[1:]
        return self.order[tails]


def found(sorted_keys: IntArray, keys: IntArray) -> BoolArray:
    """Which of ``keys`` occur in ``sorted_keys``."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[pos] == keys)
