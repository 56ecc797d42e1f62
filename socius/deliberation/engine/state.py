"""The full pipeline, its reusable state, and incremental updates.

``run`` computes everything from a vote matrix; ``update(state, new_votes)`` folds a batch of new
votes into the matrix and recomputes, reusing what the new votes leave alone:

* the power iteration starts from the previous components (at scale, a few iterations on the
  sparse matrix: ``pca.pca_update``);
* the base clusters are carried over (members and ids, as Polis does); the groups are recomputed
  from the base centres, which reproduces Polis's groups when replayed (``replay_groups``);
* ``in-conv`` only grows (Polis: once in, always in) and is replayed vote by vote, so it depends
  on the order votes came in: ``replay(votes)`` at once, or ``replay`` on the first votes
  followed by ``update`` calls with the rest in the same order, admit the same participants;
* the factorisation is carried over while the votes folded in since its fit are few
  (``EngineConfig.mf_refit_share``), then refitted from the previous statement factors with a
  third of the sweeps.

Everything else (counts, repness, consensus, bridging) is a closed-form function of counts.
All randomness comes from ``EngineConfig.seed``, so a run is deterministic.  Votes may come as a
list of ``Vote`` or, for large conversations, as a ``VoteLog`` of arrays.
"""

from __future__ import annotations

import time
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from socius.deliberation.engine.blas import engine_call
from socius.deliberation.engine.bridging import (
    BridgingResult,
    bridging_scores,
)
from socius.deliberation.engine.clusters import GroupClustering, cluster
from socius.deliberation.engine.consensus import Consensus, group_aware_consensus, select_consensus
from socius.deliberation.engine.factorisation import MFResult, carried, factorise
from socius.deliberation.engine.matrix import (
    AGREE,
    DISAGREE,
    BoolArray,
    FloatArray,
    IntArray,
    Vote,
    VoteLog,
    VoteMatrix,
    fold,
    in_conversation,
    moderated_columns,
)
from socius.deliberation.engine.pca import (
    DENSE_MAX_CELLS,
    PCAResult,
    Rating,
    comment_projection,
    pca_update,
    project_participants,
)
from socius.deliberation.engine.repness import GroupVotes, RepComment, select_rep_comments
from socius.deliberation.engine.routing import polis_priority, viewer_priority
from socius.deliberation.engine.tallies import agree_disagree_seen, count_all


@dataclass(frozen=True)
class EngineConfig:
    seed: int = 0
    base_k: int = 100
    max_k: int = 5
    pca_iters: int = 100
    mod_out: frozenset[int] = frozenset()
    meta: frozenset[int] = frozenset()
    bridging_min_votes: int = 3
    bridging_quantile: float = 0.10
    min_cell_size: int = 5
    mf_bootstrap: int = 0
    mf_iters: int = 25
    run_mf: bool = True
    # Updates at scale (see docs/deliberation.md, "How the engine scales"): power iterations per
    # component from the previous components, and the share of new votes an update may fold in
    # before the factorisation is refitted (until then the previous fit is carried over).
    pca_update_iters: int = 3
    mf_refit_share: float = 0.05
    dense_max_cells: int = DENSE_MAX_CELLS  # up to this, the PCA's dense path (bit-exact)


@dataclass(frozen=True)
class State:
    """What an incremental update reuses."""

    matrix: VoteMatrix
    in_conv: frozenset[int]  # everyone ever admitted: Polis never drops a participant
    pca: PCAResult
    clustering: GroupClustering | None
    config: EngineConfig
    party: Mapping[int, str] = field(default_factory=dict)
    role: Mapping[int, str] = field(default_factory=dict)
    mf: MFResult | None = None

    @property
    def nbytes(self) -> int:
        """Bytes held by the state's vote arrays (the bulk of what caching it costs)."""
        return self.matrix.nbytes


class Projections(Mapping[int, tuple[float, float]]):
    """Participant id -> position on the opinion map, read off the projection arrays.

    A dict of 100,000 tuples costs more to build than the projection itself."""

    def __init__(self, ids: IntArray, points: FloatArray) -> None:
        self._ids, self._points = ids, points

    def __getitem__(self, participant: int) -> tuple[float, float]:
        i = int(np.searchsorted(self._ids, participant))
        if i == len(self._ids) or self._ids[i] != participant:
            raise KeyError(participant)
        x, y = self._points[i].tolist()
        return x, y

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids.tolist())

    def __len__(self) -> int:
        return len(self._ids)

    def items(self) -> ItemsView[int, tuple[float, float]]:
        return _ProjectionItems(self)


class _ProjectionItems(ItemsView[int, tuple[float, float]]):
    """All items at once from the arrays (not one lookup per participant)."""

    def __init__(self, owner: Projections) -> None:
        super().__init__(owner)
        self._owner = owner

    def __iter__(self) -> Iterator[tuple[int, tuple[float, float]]]:
        ids, points = self._owner._ids, self._owner._points
        return zip(ids.tolist(), map(tuple, points.tolist()), strict=True)


@dataclass(frozen=True)
class Result:
    state: State
    in_conv: frozenset[int]
    user_vote_counts: dict[int, int]
    pca: PCAResult
    projections: Mapping[int, tuple[float, float]]
    comment_extremity: FloatArray
    groups: dict[int, tuple[int, ...]]  # group id -> participant ids
    group_votes: GroupVotes | None
    repness: dict[int, list[RepComment]]
    consensus: Consensus
    group_aware_consensus: FloatArray
    priority: FloatArray
    bridging: BridgingResult
    mf: MFResult | None
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _row_labels(matrix: VoteMatrix, members: Mapping[int, Iterable[int]]) -> list[IntArray]:
    """Each group's rows in ``matrix`` (members that are not participants are left out)."""
    pids = matrix.participant_ids
    out = []
    for gid in sorted(members):
        ids = np.fromiter(members[gid], np.int64)
        pos = np.minimum(np.searchsorted(pids, ids), max(len(pids) - 1, 0))
        out.append(pos[pids[pos] == ids] if len(pids) else np.zeros(0, np.int64))
    return out


def group_votes(matrix: VoteMatrix, members: Mapping[int, Iterable[int]]) -> GroupVotes:
    """A/D/S counts per opinion group (Polis ``group-votes``), in one pass over the votes."""
    gids = tuple(sorted(members))
    rows = _row_labels(matrix, members)
    n_g, n_st = len(gids), len(matrix.statements)
    sizes = np.array([len(r) for r in rows], dtype=np.int64)
    label = np.full(len(matrix.participants), -1, np.int64)
    for index, r in enumerate(rows):
        label[r] = index
    if int((label >= 0).sum()) != int(sizes.sum()):  # overlapping groups: one pass each
        counts = [matrix.counts(np.isin(np.arange(len(label)), r)) for r in rows]
        a, d, s = (np.array([c[i] for c in counts]).reshape(n_g, n_st) for i in range(3))
        return GroupVotes(gids, matrix.statements, a, d, s, sizes)
    g = label[matrix.row_index]
    keep = g >= 0
    key = g[keep] * n_st + matrix.indices[keep]
    vals = matrix.data[keep]

    def per_group(k: IntArray) -> IntArray:
        return np.bincount(k, minlength=n_g * n_st).reshape(n_g, n_st).astype(np.int64)

    a, d = per_group(key[vals == AGREE]), per_group(key[vals == DISAGREE])
    return GroupVotes(gids, matrix.statements, a, d, per_group(key), sizes)


def conversation_consensus(matrix: VoteMatrix, mod_out: frozenset[int]) -> Consensus:
    """Consensus statements over every participant, as Polis counts them.

    Polis does not restrict consensus to ``in-conv``: a participant below the vote threshold
    still counts towards a statement they voted on."""
    a, d, s = matrix.counts()
    return select_consensus(matrix.statements, a, d, s, mod_out)


def comment_priorities(
    matrix: VoteMatrix, in_rows: BoolArray, extremity: FloatArray, meta: frozenset[int]
) -> FloatArray:
    """Polis ``comment-priorities`` from the raw votes of the included participants.

    Raw, not moderated-out-zeroed, counts: Polis sums its group votes, which keep the agrees and
    disagrees of moderated-out statements (zeroing them would turn every such vote into a pass)."""
    a, d, s = matrix.counts(in_rows)
    is_meta = np.isin(matrix.statement_ids, np.fromiter(meta, np.int64))
    return polis_priority(a, s - a - d, s, extremity, is_meta)


def _carried_labels(
    previous: State | None, in_pids: IntArray
) -> tuple[GroupClustering | None, IntArray | None]:
    """The previous clustering and each in-conv participant's base cluster in it (-1 if new)."""
    if previous is None or previous.clustering is None:
        return None, None
    prev_ids = previous.matrix.participant_ids
    before = prev_ids[np.isin(prev_ids, np.fromiter(previous.in_conv, np.int64))]
    labels = previous.clustering.base.labels
    pos = np.minimum(np.searchsorted(before, in_pids), max(len(before) - 1, 0))
    found = before[pos] == in_pids if len(before) else np.zeros(len(in_pids), dtype=bool)
    return previous.clustering, np.where(found, labels[pos], -1).astype(np.int64)


def _groups(
    proj: FloatArray, in_rows: BoolArray, in_pids: IntArray, cfg: EngineConfig,
    previous: State | None,
) -> tuple[GroupClustering | None, IntArray]:  # fmt: skip
    """The clustering and each in-conv participant's opinion group."""
    if len(in_pids) < 2:
        return None, np.zeros(0, np.int64)
    prev, carried = _carried_labels(previous, in_pids)
    clustering = cluster(proj[in_rows], cfg.base_k, cfg.max_k, prev, carried)
    return clustering, clustering.participant_groups


def _members(in_pids: IntArray, labels: IntArray, n_groups: int) -> dict[int, tuple[int, ...]]:
    order = np.argsort(labels, kind="stable")
    bounds = np.searchsorted(labels[order], np.arange(n_groups + 1))
    return {g: tuple(in_pids[order[bounds[g] : bounds[g + 1]]].tolist()) for g in range(n_groups)}


def _factorisation(
    matrix: VoteMatrix, cfg: EngineConfig, party: Mapping[int, str], previous: State | None,
    folded: int | None,
) -> MFResult:  # fmt: skip
    """The factorisation, carried over from ``previous`` while the votes folded in since its
    fit stay within ``mf_refit_share`` of the votes it was fitted on; else fitted, warm."""
    prev = previous.mf if previous else None
    if prev is not None and previous is not None and folded is not None:
        pending = prev.votes_since + folded
        same = prev.statements == matrix.statements
        if same and pending <= cfg.mf_refit_share * prev.fitted_votes:
            return carried(prev, matrix, folded, previous.matrix)
    return factorise(matrix, party, iters=cfg.mf_iters, bootstrap=cfg.mf_bootstrap,
                     seed=cfg.seed, warm=prev)  # fmt: skip


@engine_call
def run(
    matrix: VoteMatrix,
    config: EngineConfig | None = None,
    party: Mapping[int, str] | None = None,
    role: Mapping[int, str] | None = None,
    previous: State | None = None,
    admitted: Iterable[int] | None = None,
    *,
    folded: int | None = None,
    timings: dict[str, float] | None = None,
) -> Result:
    """Everything from ``matrix``; ``admitted`` is ``in-conv`` replayed from the votes (``admit``).

    Without ``admitted`` the previous state's ``in-conv`` is extended from the final matrix only,
    which can differ from Polis's history-dependent ``in-conv`` (see ``replay``).  ``folded``
    is the number of votes ``update`` folded in; with it a small update may carry the previous
    factorisation over (``EngineConfig.mf_refit_share``)."""
    cfg = config or (previous.config if previous else EngineConfig())
    party = party if party is not None else (previous.party if previous else {})
    role = role if role is not None else (previous.role if previous else {})
    clock: dict[str, float] = {} if timings is None else timings
    pids = matrix.participant_ids
    with _timed(clock, "inclusion"):
        counts_per_user = matrix.votes_per_participant
        user_counts = {
            p: c for p, c in zip(matrix.participants, counts_per_user.tolist(), strict=True) if c
        }
        if admitted is None:
            admitted = previous.in_conv if previous else ()
        in_conv = in_conversation(matrix, admitted)
        in_rows = np.isin(pids, np.fromiter(in_conv, np.int64))
        in_pids = pids[in_rows]
    with _timed(clock, "pca"):
        rating = Rating(matrix, moderated_columns(matrix, cfg.mod_out), cfg.dense_max_cells)
        prev_pca = previous.pca if previous else None
        pca = pca_update(rating, cfg.pca_iters, cfg.pca_update_iters, prev_pca)
    with _timed(clock, "projection"):
        proj = project_participants(rating, pca)
        _, extremity = comment_projection(pca)
    with _timed(clock, "clusters"):
        clustering, labels = _groups(proj, in_rows, in_pids, cfg, previous)
        n_groups = len(clustering.groups.centers) if clustering is not None else 0
        groups = _members(in_pids, labels, n_groups)
    with _timed(clock, "counts"):
        group_of = np.full(len(pids), -1, np.int64)
        group_of[in_rows] = labels if n_groups else -1
        tl = count_all(matrix, in_rows, group_of, n_groups, party, role, cfg.min_cell_size)
        gv = None
        if n_groups:
            a, d, s = agree_disagree_seen(tl.groups)
            gv = GroupVotes(tuple(range(n_groups)), matrix.statements, a, d, s, tl.group_sizes)
        # raw matrix, as Polis's votes-base: moderated-out statements keep their A/D counts
        rep = select_rep_comments(gv, cfg.mod_out) if gv is not None else {}
        cons = select_consensus(matrix.statements, *agree_disagree_seen(tl.everyone), cfg.mod_out)
        gac = group_aware_consensus(gv) if gv is not None else np.ones(len(matrix.statements))
        a, d, s = agree_disagree_seen(tl.in_conv)
        is_meta = np.isin(matrix.statement_ids, np.fromiter(cfg.meta, np.int64))
        priority = polis_priority(a, s - a - d, s, extremity, is_meta)
    with _timed(clock, "bridging"):
        agrees, _, seen = agree_disagree_seen(tl.everyone)
        bridging = bridging_scores(matrix.statements, tl.groupings, cfg.bridging_quantile,
                                   min_votes=cfg.bridging_min_votes,
                                   overall=(agrees, seen))  # fmt: skip
    with _timed(clock, "factorisation"):
        mf = _factorisation(matrix, cfg, party, previous, folded) if cfg.run_mf else None
    state = State(matrix, in_conv, pca, clustering, cfg, party, role, mf)
    projections = Projections(pids, proj[:, :2])
    return Result(
        state=state, in_conv=in_conv, user_vote_counts=user_counts, pca=pca,
        projections=projections, comment_extremity=extremity, groups=groups, group_votes=gv,
        repness=rep, consensus=cons, group_aware_consensus=gac, priority=priority,
        bridging=bridging, mf=mf, timings=clock,
    )  # fmt: skip


@engine_call
def update(
    state: State,
    new_votes: Iterable[Vote] | VoteLog,
    party: Mapping[int, str] | None = None,
    role: Mapping[int, str] | None = None,
) -> Result:
    """Fold ``new_votes`` (oldest first) into the state's matrix and recompute with warm starts.

    ``party`` and ``role``, when given, are the labels of every participant as they are now
    and replace the state's: a person who left a party or gave up a role since the last run
    loses the label (merging would have kept it). ``None`` keeps the state's labels."""
    clock: dict[str, float] = {}
    with _timed(clock, "votes"):
        log = VoteLog.of(new_votes)
        matrix, admitted = fold(log, state.matrix, state.in_conv)
    return run(
        matrix,
        state.config,
        dict(state.party if party is None else party),
        dict(state.role if role is None else role),
        previous=state,
        admitted=admitted,
        folded=len(log),
        timings=clock,
    )


@engine_call
def replay(
    votes: Sequence[Vote] | VoteLog,
    config: EngineConfig | None = None,
    party: Mapping[int, str] | None = None,
    role: Mapping[int, str] | None = None,
) -> Result:
    """A full run over ``votes`` in the order they were cast (oldest first).

    Unlike ``run(build_matrix(votes))`` this replays ``in-conv`` through the votes' history, as
    Polis builds it, so it agrees with a run followed by incremental ``update`` calls."""
    clock: dict[str, float] = {}
    with _timed(clock, "votes"):
        matrix, admitted = fold(VoteLog.of(votes))
    return run(matrix, config, party, role, admitted=admitted, timings=clock)


@engine_call
def replay_groups(
    votes: Sequence[Vote] | VoteLog, config: EngineConfig | None = None, batch: int = 50
) -> dict[int, tuple[int, ...]]:
    """Opinion groups after replaying ``votes`` (oldest first), one update per ``batch`` votes.

    Polis updates every few votes and carries its base clusters over, so its groups depend on
    the history; this replays it with only the steps that feed the clustering (no repness,
    bridging or factorisation), as ``update`` would compute it batch by batch."""
    cfg = config or EngineConfig()
    log = VoteLog.of(votes)
    matrix: VoteMatrix | None = None
    admitted: frozenset[int] = frozenset()
    pca: PCAResult | None = None
    state: State | None = None
    groups: dict[int, tuple[int, ...]] = {}
    for start in range(0, len(log), batch):
        chunk = log[start : start + batch]
        matrix, admitted = fold(chunk, matrix, admitted)
        rating = Rating(matrix, moderated_columns(matrix, cfg.mod_out), cfg.dense_max_cells)
        pca = pca_update(rating, cfg.pca_iters, cfg.pca_update_iters, pca)
        in_conv = in_conversation(matrix, admitted)
        rows = np.isin(matrix.participant_ids, np.fromiter(in_conv, np.int64))
        in_pids = matrix.participant_ids[rows]
        if len(in_pids) < 2:
            continue
        proj = project_participants(rating, pca)
        clustering, labels = _groups(proj, rows, in_pids, cfg, state)
        state = State(matrix, in_conv, pca, clustering, cfg)
        groups = _members(in_pids, labels, len(clustering.groups.centers) if clustering else 0)
    return groups


def priority_for_viewer(result: Result, viewer: int, boost: float = 4.0) -> FloatArray:
    """Polis priority raised where the viewer's party or role has cast few votes.

    ``n_cell`` per statement is the smaller of the votes cast by the viewer's party and by the
    viewer's role (a viewer with neither gets plain Polis priority).  Statements the viewer has
    already voted on get priority 0.
    """
    st = result.state
    m = st.matrix
    counts = []
    for labels, own in ((st.party, st.party.get(viewer)), (st.role, st.role.get(viewer))):
        if own is None:
            continue
        rows = np.array([labels.get(p) == own for p in m.participants], dtype=bool)
        counts.append(m.counts(rows)[2])
    pr = result.priority
    if counts:
        pr = viewer_priority(pr, np.minimum.reduce(counts), boost)
    pr = np.array(pr, dtype=np.float64)
    pr[m.row(viewer)[0]] = 0.0
    return pr


__all__ = [
    "AGREE",
    "DISAGREE",
    "EngineConfig",
    "Result",
    "State",
    "group_votes",
    "comment_priorities",
    "conversation_consensus",
    "priority_for_viewer",
    "replay",
    "replay_groups",
    "run",
    "update",
]
