"""Vote matrix and participant inclusion (Polis ``rating-mat`` / ``in-conv``).

Sign convention (checked against the shared Polis data): in the exported ``votes.json`` of the
Polis API, ``vote == 1`` is *agree* (its per-statement count equals ``agree_count`` in
``comments.json`` and the ``A`` counts of ``math-pca2.json``), ``-1`` is disagree, ``0`` pass.
Polis's *internal* maths uses the opposite sign (agree = -1); that only flips the sign of
principal components and comment projections, never a count or a probability.  This engine keeps
agree = +1 everywhere.

The matrix is dense ``float64`` with ``NaN`` for "not voted": the dense layout lets the PCA,
counts and projections run as BLAS calls (10,000 x 1,000 is 80 MB).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

AGREE = 1
DISAGREE = -1
PASS = 0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Vote:
    """One vote: ``value`` is +1 agree, -1 disagree, 0 pass. Later votes override earlier ones."""

    participant: int
    statement: int
    value: int


@dataclass(frozen=True)
class VoteMatrix:
    """Participants x statements; ``values`` holds +1/-1/0 and NaN where no vote was cast."""

    participants: tuple[int, ...]
    statements: tuple[int, ...]
    values: FloatArray

    @property
    def voted(self) -> BoolArray:
        return ~np.isnan(self.values)

    def counts(self, rows: BoolArray | None = None) -> tuple[IntArray, IntArray, IntArray]:
        """Per statement (agrees, disagrees, seen) over ``rows`` (all rows when None).

        "Seen" counts agree + disagree + pass, as Polis's ``S``.
        """
        v = self.values if rows is None else self.values[rows]
        agree = np.count_nonzero(v == AGREE, axis=0).astype(np.int64)
        disagree = np.count_nonzero(v == DISAGREE, axis=0).astype(np.int64)
        seen = np.count_nonzero(~np.isnan(v), axis=0).astype(np.int64)
        return agree, disagree, seen


def build_matrix(
    votes: Iterable[Vote],
    participants: Sequence[int] | None = None,
    statements: Sequence[int] | None = None,
    base: VoteMatrix | None = None,
) -> VoteMatrix:
    """Build (or extend ``base`` with) a vote matrix; ids are kept in sorted order.

    Sorting ids makes every result independent of the order votes arrive in (a property test
    checks that permuting participants or statements changes nothing).
    """
    vs = list(votes)
    pids = set(participants or ()) | {v.participant for v in vs}
    tids = set(statements or ()) | {v.statement for v in vs}
    if base is not None:
        pids |= set(base.participants)
        tids |= set(base.statements)
    p_sorted = tuple(sorted(pids))
    t_sorted = tuple(sorted(tids))
    values = np.full((len(p_sorted), len(t_sorted)), np.nan)
    p_index = {p: i for i, p in enumerate(p_sorted)}
    t_index = {t: j for j, t in enumerate(t_sorted)}
    if base is not None:
        rows = np.array([p_index[p] for p in base.participants], dtype=np.int64)
        cols = np.array([t_index[t] for t in base.statements], dtype=np.int64)
        if rows.size and cols.size:
            values[np.ix_(rows, cols)] = base.values
    if vs:
        r = np.fromiter((p_index[v.participant] for v in vs), dtype=np.int64, count=len(vs))
        c = np.fromiter((t_index[v.statement] for v in vs), dtype=np.int64, count=len(vs))
        x = np.fromiter((float(np.sign(v.value)) for v in vs), dtype=np.float64, count=len(vs))
        values[r, c] = x  # numpy assigns in order, so the last vote for a cell wins
    return VoteMatrix(p_sorted, t_sorted, values)


def from_arrays(
    participant_idx: IntArray,
    statement_idx: IntArray,
    value: npt.NDArray[np.int64],
    shape: tuple[int, int],
) -> VoteMatrix:
    """Fast path for large synthetic data: indices are already 0..n-1."""
    values = np.full(shape, np.nan)
    values[participant_idx, statement_idx] = np.sign(value).astype(np.float64)
    return VoteMatrix(tuple(range(shape[0])), tuple(range(shape[1])), values)


def zero_out(matrix: VoteMatrix, moderated_out: Iterable[int]) -> VoteMatrix:
    """Polis ``zero-out-columns``: a moderated-out statement's whole column becomes 0.

    Missing votes become 0 too, not only cast ones: the sparsity-aware projection then counts
    the column as answered for everyone, as Polis does, so moderating a statement out moves every
    participant the same way instead of moving only those who voted on it.
    """
    mod = set(moderated_out)
    cols = [j for j, t in enumerate(matrix.statements) if t in mod]
    if not cols:
        return matrix
    values = matrix.values.copy()
    values[:, cols] = 0.0
    return VoteMatrix(matrix.participants, matrix.statements, values)


def vote_counts(matrix: VoteMatrix) -> dict[int, int]:
    """Polis ``user-vote-counts``: number of non-missing votes per participant."""
    n = np.count_nonzero(matrix.voted, axis=1)
    return {p: int(c) for p, c in zip(matrix.participants, n, strict=True)}


def in_conversation(
    matrix: VoteMatrix,
    previous: Iterable[int] = (),
    min_votes: int = 7,
    greedy_n: int = 15,
) -> frozenset[int]:
    """Participants included in clustering (Polis ``in-conv``).

    A participant is in when they voted on at least ``min(7, number of statements)`` statements;
    once in, always in (``previous``).  If fewer than 15 are in, the conversation is "topped up"
    with the most active remaining participants (ties broken by participant id, a deterministic
    stand-in for Polis's map order) until there are 15.
    """
    counts = vote_counts(matrix)
    need = min(min_votes, len(matrix.statements))
    known = set(counts)
    chosen = {p for p in previous if p in known}
    chosen |= {p for p, c in counts.items() if c >= need}
    if len(chosen) < greedy_n:
        rest = sorted((p for p in counts if p not in chosen), key=lambda p: (-counts[p], p))
        chosen |= set(rest[: greedy_n - len(chosen)])
    return frozenset(chosen)


def admit(
    votes: Iterable[Vote],
    base: VoteMatrix | None = None,
    admitted: Iterable[int] = (),
    min_votes: int = 7,
    greedy_n: int = 15,
) -> frozenset[int]:
    """``in-conv`` after replaying ``votes`` one by one, in the order given (oldest first).

    Polis admits a participant as soon as they reach the threshold (or are topped up while fewer
    than ``greedy_n`` are in) and never drops them, so ``in-conv`` depends on the order votes came
    in, not only on the final matrix: a participant topped up early stays in although later,
    more active participants would rank above them.  Replaying after every vote reproduces
    Polis's ``in-conv`` exactly on the reference conversations.

    ``base`` and ``admitted`` are the matrix and ``in-conv`` before ``votes`` (an earlier run);
    replaying in batches gives the same set as replaying everything at once.  Only the voter's
    count changes with a vote and the threshold only grows, so each vote checks one participant.
    """
    counts: dict[int, int] = {}
    statements: set[int] = set()
    seen_cells: set[tuple[int, int]] = set()
    p_index: dict[int, int] = {}
    t_index: dict[int, int] = {}
    voted: BoolArray | None = None
    if base is not None:
        counts = {p: c for p, c in vote_counts(base).items() if c}
        statements = set(base.statements)
        p_index = {p: i for i, p in enumerate(base.participants)}
        t_index = {t: j for j, t in enumerate(base.statements)}
        voted = base.voted
    chosen = set(admitted) if base is None else {p for p in admitted if p in counts}
    for v in votes:
        p, t = v.participant, v.statement
        statements.add(t)
        if (p, t) in seen_cells:
            continue
        seen_cells.add((p, t))
        i, j = p_index.get(p), t_index.get(t)
        if voted is not None and i is not None and j is not None and voted[i, j]:
            continue
        counts[p] = counts.get(p, 0) + 1
        if counts[p] >= min(min_votes, len(statements)):
            chosen.add(p)
        if len(chosen) < greedy_n:
            rest = sorted((q for q in counts if q not in chosen), key=lambda q: (-counts[q], q))
            chosen.update(rest[: greedy_n - len(chosen)])
    return frozenset(chosen)
