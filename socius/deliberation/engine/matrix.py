"""Vote matrix and participant inclusion (Polis ``rating-mat`` / ``in-conv``).

Sign convention (checked against the shared Polis data): in the exported ``votes.json`` of the
Polis API, ``vote == 1`` is *agree* (its per-statement count equals ``agree_count`` in
``comments.json`` and the ``A`` counts of ``math-pca2.json``), ``-1`` is disagree, ``0`` pass.
Polis's *internal* maths uses the opposite sign (agree = -1); that only flips the sign of
principal components and comment projections, never a count or a probability.  This engine keeps
agree = +1 everywhere.

The matrix is sparse: one ``int8`` entry per cast vote, in compressed rows (one row per
participant, entries in statement order).  A conversation of 100,000 participants x 2,000
statements with 5,000,000 votes takes about 30 MB, where a dense ``float64`` matrix would take
1.6 GB.  ``VoteMatrix.values`` still gives the dense form (``NaN`` for "not voted") for small
matrices and tests; the engine itself never builds it.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from socius.deliberation.engine.cells import LogIndex, found, stable_order

AGREE = 1
DISAGREE = -1
PASS = 0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
SmallArray = npt.NDArray[np.int8]


@dataclass(frozen=True, slots=True)
class Vote:
    """One vote: ``value`` is +1 agree, -1 disagree, 0 pass. Later votes override earlier ones."""

    participant: int
    statement: int
    value: int


@dataclass(frozen=True, eq=False)
class VoteLog:
    """Votes as parallel arrays, oldest first: the array form of a list of ``Vote``.

    A million ``Vote`` objects take hundreds of megabytes and seconds to walk; a log of five
    million votes is 85 MB and every step over it is vectorised."""

    participant: IntArray
    statement: IntArray
    value: SmallArray

    @classmethod
    def of(cls, votes: Iterable[Vote] | VoteLog) -> VoteLog:
        if isinstance(votes, VoteLog):
            return votes
        vs = votes if isinstance(votes, Sequence) else list(votes)
        n = len(vs)
        return cls(
            np.fromiter((v.participant for v in vs), np.int64, n),
            np.fromiter((v.statement for v in vs), np.int64, n),
            np.sign(np.fromiter((v.value for v in vs), np.int64, n)).astype(np.int8),
        )

    def __len__(self) -> int:
        return len(self.participant)

    def __getitem__(self, part: slice) -> VoteLog:
        return VoteLog(self.participant[part], self.statement[part], self.value[part])


CodeArray = npt.NDArray[np.integer]


def cell_codes(columns: CodeArray, values: SmallArray) -> CodeArray:
    """A statement and a vote in one number, ``column·3 + value + 1``, in the columns' integer
    type (32-bit columns give 32-bit codes: half the memory at five million votes)."""
    return columns * 3 + (values + 1)


@dataclass(frozen=True, eq=False)
class VoteMatrix:
    """Participants x statements, sparse: one entry (+1/-1/0) per cast vote.

    Rows are participants (``participants``, sorted), columns statements (``statements``,
    sorted).  Row ``i``'s votes are ``indices[indptr[i]:indptr[i + 1]]`` (statement columns,
    ascending) with values ``data[...]``."""

    participants: tuple[int, ...]
    statements: tuple[int, ...]
    indptr: IntArray
    indices: npt.NDArray[np.int32]
    data: SmallArray

    def __getstate__(self) -> dict[str, object]:
        """The fields only: the cached per-entry arrays are rebuilt on demand, and caching a
        state (``engine_bridge``) would otherwise store them too (40 MB each at 5M votes).
        The one exception is a kept joint tally (``tallies``) no larger than the votes: the
        next update brings it up to date instead of counting every vote again."""
        state: dict[str, object] = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        joint = self.memo().get("joint")
        if joint is not None and joint.nbytes <= self.nbytes:
            state["_memo"] = {"joint": joint}
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        """Also read a matrix pickled by the engine before it went sparse (a dense ``values``
        field), as states cached by the forum before an upgrade are."""
        if "values" in state and "indptr" not in state:
            old = from_dense(np.asarray(state["values"]))
            state = {"participants": state["participants"], "statements": state["statements"],
                     "indptr": old.indptr, "indices": old.indices, "data": old.data}  # fmt: skip
        self.__dict__.update(state)

    def memo(self) -> dict[str, Any]:
        """Working data kept with this matrix in memory only, never pickled: what ``fold``
        changed in its base (``FoldChanges``) and the counts ``tallies.count_all`` brings up to
        date after the next fold."""
        memo: dict[str, Any] = self.__dict__.setdefault("_memo", {})
        return memo

    def _prime(self, **cached: IntArray) -> None:
        """Set cached per-entry arrays a merge already has (see ``_merge``)."""
        self.__dict__.update(cached)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    @property
    def nnz(self) -> int:
        return len(self.data)

    @property
    def nbytes(self) -> int:
        """Bytes held by the vote arrays (what caching the matrix costs)."""
        return int(self.indptr.nbytes + self.indices.nbytes + self.data.nbytes)

    @cached_property
    def participant_ids(self) -> IntArray:
        return np.asarray(self.participants, dtype=np.int64)

    @cached_property
    def statement_ids(self) -> IntArray:
        return np.asarray(self.statements, dtype=np.int64)

    @cached_property
    def row_index(self) -> IntArray:
        """The row of every entry (the expanded ``indptr``)."""
        return np.repeat(np.arange(len(self.participants), dtype=np.int64), np.diff(self.indptr))

    @property
    def votes_per_participant(self) -> IntArray:
        return np.diff(self.indptr)

    @cached_property
    def cell_keys(self) -> IntArray:
        """Per entry, ``row·n_statements + column``: sorted, as the entries are."""
        return self.row_index * max(len(self.statements), 1) + self.indices

    @cached_property
    def cell_code(self) -> CodeArray:
        """Per entry, ``column·3 + value + 1``: the statement and the vote in one number."""
        return cell_codes(self.indices, self.data)

    def cell_code_at(self, entries: IntArray) -> CodeArray:
        """``cell_code`` of the given entries only."""
        return cell_codes(self.indices[entries], self.data[entries])

    @cached_property
    def column_counts(self) -> IntArray:
        """Per statement: disagrees, passes, agrees (shape ``(n_statements, 3)``)."""
        n = len(self.statements)
        return np.bincount(self.cell_code, minlength=n * 3).reshape(n, 3).astype(np.int64)

    @property
    def values(self) -> FloatArray:
        """Dense ``float64`` copy with ``NaN`` where no vote was cast (for small matrices)."""
        out = np.full(self.shape, np.nan)
        out[self.row_index, self.indices] = self.data
        return out

    @property
    def voted(self) -> BoolArray:
        """Dense mask of the cast votes (for small matrices)."""
        out = np.zeros(self.shape, dtype=bool)
        out[self.row_index, self.indices] = True
        return out

    def row(self, participant: int) -> tuple[npt.NDArray[np.int32], SmallArray]:
        """Columns and values of one participant's votes (empty if unknown)."""
        i = int(np.searchsorted(self.participant_ids, participant))
        if i == len(self.participants) or self.participants[i] != participant:
            return np.zeros(0, np.int32), np.zeros(0, np.int8)
        part = slice(int(self.indptr[i]), int(self.indptr[i + 1]))
        return self.indices[part], self.data[part]

    def csr(
        self, values: npt.ArrayLike | None = None, dtype: type = np.float64,
        entries: BoolArray | None = None, *, shared_columns: bool = False,
    ) -> sp.csr_array:  # fmt: skip
        """The matrix (or its pattern holding ``values``) as a scipy CSR array of its own.

        ``entries`` keeps only the selected entries (a sparse product then skips the others
        instead of multiplying by zero).  The index arrays are copies: scipy's in-place methods
        (``eliminate_zeros``, ``sort_indices``) must not reach the matrix.  ``shared_columns``
        shares the column array instead (20 MB fewer to copy at five million votes), for an
        array that is only ever multiplied (``pca.Rating.centred``)."""
        data: npt.NDArray[Any] = np.asarray(self.data if values is None else values, dtype=dtype)
        # scipy's sparse products run markedly faster on 32-bit indices; both arrays must match
        index = np.int32 if self.nnz < 2**31 else np.int64
        if entries is None:
            cols = self.indices.astype(index, copy=not shared_columns)
            return sp.csr_array((data, cols, self.indptr.astype(index)), shape=self.shape)
        indptr = np.zeros(len(self.indptr), dtype=index)
        np.cumsum(np.bincount(self.row_index[entries], minlength=self.shape[0]), out=indptr[1:])
        cols = self.indices[entries].astype(index)
        return sp.csr_array((data[entries], cols, indptr), shape=self.shape)

    def counts(self, rows: BoolArray | None = None) -> tuple[IntArray, IntArray, IntArray]:
        """Per statement (agrees, disagrees, seen) over ``rows`` (all rows when None).

        "Seen" counts agree + disagree + pass, as Polis's ``S``.
        """
        if rows is None:
            t = self.column_counts
        else:
            t = tally(self, np.where(np.asarray(rows, dtype=bool), 0, -1), 1)[0]
        return t[:, AGREE + 1], t[:, DISAGREE + 1], t.sum(axis=1)


def tally(matrix: VoteMatrix, labels: IntArray, n_labels: int) -> IntArray:
    """Votes per (label, statement, value) in one pass: shape ``(n_labels, n_statements, 3)``,
    the last axis disagree, pass, agree (``value + 1``).  ``labels`` gives each participant's
    label, -1 to leave them out.

    Each row's label is repeated along its run of entries (no per-entry row index is needed) and
    the left-out rows are counted under one extra label that is dropped, so no entry is masked."""
    width = len(matrix.statements) * 3
    lab = np.asarray(labels, dtype=np.int64)
    lab = np.where(lab < 0, n_labels, lab) * width
    key = np.repeat(lab, np.diff(matrix.indptr)) + cell_codes(matrix.indices, matrix.data)
    out = np.bincount(key, minlength=(n_labels + 1) * width)[: n_labels * width]
    return out.astype(np.int64).reshape(n_labels, width // 3, 3)


def _last_per_cell(keys: IntArray, vals: SmallArray) -> tuple[IntArray, SmallArray]:
    """Sorted distinct cell keys, each with the value of its last vote (a stable sort)."""
    order = stable_order(keys)
    k, v = keys[order], vals[order]
    last = np.ones(len(k), dtype=bool)
    last[:-1] = k[1:] != k[:-1]
    return k[last], v[last]


def _from_keys(pids: IntArray, tids: IntArray, keys: IntArray, vals: SmallArray) -> VoteMatrix:
    n_cols = max(len(tids), 1)
    rows, cols = np.divmod(keys, n_cols)
    indptr = np.zeros(len(pids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(pids)), out=indptr[1:])
    return VoteMatrix(
        tuple(pids.tolist()), tuple(tids.tolist()), indptr, cols.astype(np.int32), vals
    )


def _keeps_numbering(ix: LogIndex, base: VoteMatrix) -> bool:
    """Do the base's rows and columns keep their numbers (new ids only come after theirs)?"""
    n_p, n_t = len(base.participants), len(base.statements)
    rows_kept = n_p == 0 or int(ix.base_rows[n_p - 1]) == n_p - 1  # increasing, so identity
    return rows_kept and len(ix.tids) == n_t


def _base_keys(ix: LogIndex, base: VoteMatrix | None) -> IntArray:
    """The base matrix's cells numbered as in ``ix`` (sorted, as the base's entries are)."""
    if base is None or base.nnz == 0:
        return np.zeros(0, np.int64)
    if _keeps_numbering(ix, base):
        return base.cell_keys
    rows = ix.base_rows[: len(base.participants)][base.row_index]
    cols: npt.NDArray[np.integer] = base.indices
    if len(ix.tids) != len(base.statements):  # new statements shift the columns
        cols = ix.base_cols[: len(base.statements)][base.indices]
    return np.asarray(rows * ix.n_cols + cols)


def _index(
    log: VoteLog, base: VoteMatrix | None, participants: Iterable[int] | None = None,
    statements: Iterable[int] | None = None,
) -> LogIndex:  # fmt: skip
    extra_p = np.fromiter(participants or (), np.int64)
    extra_t = np.fromiter(statements or (), np.int64)
    if base is not None:  # the base's own ids first: ``base_rows[:n]`` are its rows
        extra_p = np.concatenate([base.participant_ids, extra_p])
        extra_t = np.concatenate([base.statement_ids, extra_t])
    return LogIndex.of(log.participant, log.statement, extra_p, extra_t)


@dataclass(frozen=True, eq=False)
class FoldChanges:
    """What a fold changed in its base, cell by cell (``_merge`` keeps it on the merged matrix
    when the base's rows and columns keep their numbers): each changed or new cell's row, its
    ``cell_code`` before (-1 for a new cell) and after.  Counts over the base can then be
    brought up to date from these alone (``tallies.count_all``).  The base is held weakly, so a
    chain of updates does not keep every earlier matrix alive."""

    base: weakref.ref[VoteMatrix]
    rows: IntArray
    before: IntArray
    after: CodeArray


def _merge(log: VoteLog, ix: LogIndex, base: VoteMatrix | None, old: IntArray) -> VoteMatrix:
    """``base`` with the votes of ``log`` in (the last vote on a cell wins), built in place of
    the compressed rows: new entries are inserted where they belong, no cell is re-sorted."""
    last = ix.last_votes
    rows, cols = ix.rows[last], ix.cols[last].astype(np.int32)
    vals = np.sign(log.value[last]).astype(np.int8)
    n_rows = len(ix.pids)
    counts = np.bincount(rows, minlength=n_rows)
    primed: dict[str, IntArray] = {}
    changes: FoldChanges | None = None
    if base is None or base.nnz == 0:
        indices, data = cols, vals
        primed["cell_keys"] = ix.keys[last]
    else:
        keys = ix.keys[last]
        pos = np.searchsorted(old, keys)
        hit = found(old, keys)
        data = base.data.copy()
        data[pos[hit]] = vals[hit]  # a later vote for the same cell wins
        new = ~hit
        base_cols = base.indices
        if len(ix.tids) != len(base.statements):
            base_cols = ix.base_cols[: len(base.statements)][base.indices].astype(np.int32)
        indices = np.insert(base_cols, pos[new], cols[new])
        data = np.insert(data, pos[new], vals[new])
        counts = np.bincount(rows[new], minlength=n_rows)
        counts[ix.base_rows[: len(base.participants)]] += base.votes_per_participant
        if _keeps_numbering(ix, base):  # the base's cells keep their keys: insert the new ones
            primed["cell_keys"] = np.insert(old, pos[new], keys[new])
            code = cell_codes(cols, vals)
            counts3 = base.column_counts.ravel().copy()
            was = cell_codes(cols[hit], base.data[pos[hit]])
            np.add.at(counts3, was, -1)  # the changed votes' old values
            np.add.at(counts3, code, 1)
            primed["column_counts"] = counts3.reshape(-1, 3)
            before = np.full(len(rows), -1, np.int64)
            before[hit] = was
            changes = FoldChanges(weakref.ref(base), rows, before, code)
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    same = base is not None and len(base.participants) == n_rows
    participants = base.participants if same and base else tuple(ix.pids.tolist())
    same_t = base is not None and len(base.statements) == len(ix.tids)
    statements = base.statements if same_t and base else tuple(ix.tids.tolist())
    merged = VoteMatrix(participants, statements, indptr, indices, data)
    merged._prime(**primed)
    if changes is not None:
        merged.memo()["fold"] = changes
    return merged


def build_from_log(
    log: VoteLog,
    participants: Iterable[int] | None = None,
    statements: Iterable[int] | None = None,
    base: VoteMatrix | None = None,
) -> VoteMatrix:
    """``build_matrix`` for a ``VoteLog``: the vectorised core of every matrix build."""
    ix = _index(log, base, participants, statements)
    return _merge(log, ix, base, _base_keys(ix, base))


def build_matrix(
    votes: Iterable[Vote] | VoteLog,
    participants: Sequence[int] | None = None,
    statements: Sequence[int] | None = None,
    base: VoteMatrix | None = None,
) -> VoteMatrix:
    """Build (or extend ``base`` with) a vote matrix; ids are kept in sorted order.

    Sorting ids makes every result independent of the order votes arrive in (a property test
    checks that permuting participants or statements changes nothing).  A later vote for the
    same cell overrides an earlier one; values pass through ``sign``.
    """
    return build_from_log(VoteLog.of(votes), participants, statements, base)


def from_arrays(
    participant_idx: IntArray,
    statement_idx: IntArray,
    value: npt.NDArray[np.int64],
    shape: tuple[int, int],
) -> VoteMatrix:
    """Fast path for large synthetic data: indices are already 0..n-1."""
    keys = np.asarray(participant_idx, np.int64) * max(shape[1], 1) + statement_idx
    keys, vals = _last_per_cell(keys, np.sign(value).astype(np.int8))
    return _from_keys(
        np.arange(shape[0], dtype=np.int64), np.arange(shape[1], dtype=np.int64), keys, vals
    )


def from_dense(values: FloatArray) -> VoteMatrix:
    """A dense matrix (``NaN`` = not voted, values -1/0/+1) as a ``VoteMatrix`` on ids 0..n-1."""
    v = np.asarray(values, dtype=np.float64)
    rows, cols = np.nonzero(~np.isnan(v))
    cast = v[rows, cols]
    if not np.isin(cast, (-1.0, 0.0, 1.0)).all():
        raise ValueError("votes must be -1, 0 or +1")
    return from_arrays(rows, cols, cast.astype(np.int64), v.shape)


def moderated_columns(matrix: VoteMatrix, moderated_out: Iterable[int]) -> BoolArray:
    """Mask of the statements (columns) that are moderated out."""
    return np.isin(matrix.statement_ids, np.fromiter(moderated_out, np.int64))


def zero_out(matrix: VoteMatrix, moderated_out: Iterable[int]) -> VoteMatrix:
    """Polis ``zero-out-columns``: a moderated-out statement's whole column becomes 0.

    Missing votes become 0 too, not only cast ones: the sparsity-aware projection then counts
    the column as answered for everyone, as Polis does, so moderating a statement out moves every
    participant the same way instead of moving only those who voted on it.  This fills the
    column for every participant; the engine itself passes the moderated-out columns to the PCA
    (``pca.Rating``) instead of materialising them.
    """
    zeroed = moderated_columns(matrix, moderated_out)
    if not zeroed.any():
        return matrix
    n_rows, n_cols = matrix.shape
    keep = ~zeroed[matrix.indices]
    cols = np.flatnonzero(zeroed)
    keys = np.concatenate(
        [
            matrix.row_index[keep] * n_cols + matrix.indices[keep],
            (np.arange(n_rows)[:, None] * n_cols + cols[None, :]).ravel(),
        ]
    )
    vals = np.concatenate([matrix.data[keep], np.zeros(n_rows * len(cols), np.int8)])
    order = stable_order(keys)
    return _from_keys(matrix.participant_ids, matrix.statement_ids, keys[order], vals[order])


def vote_counts(matrix: VoteMatrix) -> dict[int, int]:
    """Polis ``user-vote-counts``: number of non-missing votes per participant."""
    return dict(zip(matrix.participants, matrix.votes_per_participant.tolist(), strict=True))


def _top_up(pids: IntArray, counts: IntArray, chosen: BoolArray, greedy_n: int) -> BoolArray:
    """Add the most active unchosen participants (ties to the lower id) until ``greedy_n``."""
    short = greedy_n - int(chosen.sum())
    if short <= 0:
        return chosen
    rest = np.flatnonzero(~chosen)
    order = rest[np.lexsort((pids[rest], -counts[rest]))]
    out = chosen.copy()
    out[order[:short]] = True
    return out


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
    counts = matrix.votes_per_participant
    pids = matrix.participant_ids
    need = min(min_votes, len(matrix.statements))
    chosen = (counts >= need) | np.isin(pids, np.fromiter(previous, np.int64))
    chosen = _top_up(pids, counts, chosen, greedy_n)
    return frozenset(pids[chosen].tolist())


def _threshold_steps(ix: LogIndex, n_base: int, min_votes: int) -> IntArray:
    """Indices of the votes that raise ``min(min_votes, statements seen so far)``.

    A statement counts from its first vote on (Polis's ``n-cmts``); only the first
    ``min_votes - n_base`` new statements can raise the threshold, and they usually appear
    within the first few votes, so the search looks at a growing prefix."""
    short = min_votes - n_base
    if short <= 0:
        return np.zeros(0, np.int64)
    in_base = np.zeros(len(ix.tids), dtype=bool)
    in_base[ix.base_cols[:n_base]] = True
    cand = np.flatnonzero(~in_base[ix.cols])
    size = 1024
    while True:
        _, first = np.unique(ix.cols[cand[:size]], return_index=True)
        if len(first) >= short or size >= len(cand):
            return np.sort(cand[first])[:short]
        size *= 8


def _greedy_prefix(
    voters: IntArray, order: IntArray, thr: Callable[[IntArray], IntArray],
    counts: dict[int, int], chosen: set[int], greedy_n: int,
) -> int:  # fmt: skip
    """Replay vote by vote while fewer than ``greedy_n`` are in (the top-up depends on order).

    ``order`` holds the indices of the votes on new cells, oldest first, ``voters`` their
    participants and ``thr`` gives their thresholds; returns how many of them were replayed (-1
    for all).  Once ``greedy_n`` are in, the top-up never applies again, so the replay usually
    stops within the first few dozen votes; it reads them a block at a time."""
    for lo in range(0, len(order), 256):
        block = slice(lo, lo + 256)
        for k, (p, need) in enumerate(zip(voters[block].tolist(), thr(order[block]).tolist(),
                                          strict=True)):  # fmt: skip
            counts[p] = counts.get(p, 0) + 1
            if counts[p] >= need:
                chosen.add(p)
            if len(chosen) < greedy_n:
                rest = sorted((q for q in counts if q not in chosen), key=lambda q: (-counts[q], q))
                chosen.update(rest[: greedy_n - len(chosen)])
            if len(chosen) >= greedy_n:
                return lo + k + 1
    return -1


def _admit(
    log: VoteLog, ix: LogIndex, base: VoteMatrix | None, old: IntArray,
    admitted: Iterable[int], min_votes: int, greedy_n: int,
) -> frozenset[int]:  # fmt: skip
    pids = ix.pids
    counts0 = np.zeros(len(pids), np.int64)
    n_base = 0
    if base is not None:
        counts0[ix.base_rows[: len(base.participants)]] = base.votes_per_participant
        n_base = len(base.statements)
    ids = np.fromiter(admitted, np.int64)
    if base is not None:
        ids = ids[np.isin(ids, pids[counts0 > 0])]
    chosen = set(ids.tolist())
    first = ix.first_votes
    new_cell = np.zeros(len(log), dtype=bool)
    new_cell[first[~found(old, ix.keys[first])]] = True
    order = np.flatnonzero(new_cell)  # votes on new cells, in the order cast
    steps = _threshold_steps(ix, n_base, min_votes)

    def thr(votes: IntArray) -> IntArray:
        return np.minimum(min_votes, n_base + np.searchsorted(steps, votes, side="right"))

    done = 0
    if len(chosen) < greedy_n:
        counts = dict(zip(pids[counts0 > 0].tolist(), counts0[counts0 > 0].tolist(), strict=True))
        voters = log.participant[order]
        done = _greedy_prefix(voters, order, thr, counts, chosen, greedy_n)
        if done < 0:
            return frozenset(chosen)
    pc = ix.rows[order]
    cum = counts0 + np.bincount(pc[:done], minlength=len(pids))
    inside = np.zeros(len(pids), dtype=bool)
    # stretches of constant threshold: within one, the count at a participant's last new vote
    # is their count at its end, and the count only grows
    cuts = np.clip(np.searchsorted(order, steps), done, len(order))
    bounds = np.unique(np.r_[done, cuts, len(order)])
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        here = np.bincount(pc[lo:hi], minlength=len(pids))
        cum += here
        inside |= (here > 0) & (cum >= thr(order[lo : lo + 1])[0])
    return frozenset(chosen | set(pids[inside].tolist()))


def admit(
    votes: Iterable[Vote] | VoteLog,
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
    replaying in batches gives the same set as replaying everything at once.  A vote counts
    only on a cell not voted before (a changed vote answers nothing new); the threshold
    ``min(min_votes, statements seen so far)`` counts every vote's statement.

    Vectorised: only the voter's count changes with a vote and the threshold only grows, so
    once ``greedy_n`` are in, a participant is admitted in a stretch of constant threshold iff
    their count at their last new vote in it (their count at its end) reaches the threshold.
    Only the short stretch while fewer than ``greedy_n`` are in is replayed vote by vote.
    """
    log = VoteLog.of(votes)
    ix = _index(log, base)
    return _admit(log, ix, base, _base_keys(ix, base), admitted, min_votes, greedy_n)


def fold(
    votes: Iterable[Vote] | VoteLog,
    base: VoteMatrix | None = None,
    admitted: Iterable[int] = (),
) -> tuple[VoteMatrix, frozenset[int]]:
    """``build_matrix(votes, base=base)`` and ``admit(votes, base, admitted)`` from one index
    of the votes (one sort, one pass over the base's cells)."""
    log = VoteLog.of(votes)
    ix = _index(log, base)
    old = _base_keys(ix, base)
    return _merge(log, ix, base, old), _admit(log, ix, base, old, admitted, 7, 15)
