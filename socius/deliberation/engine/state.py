"""The full pipeline, its reusable state, and incremental updates.

``run`` computes everything from a vote matrix; ``update(state, new_votes)`` folds a batch of new
votes into the matrix and recomputes, warm-starting what is iterative:

* PCA power iteration starts from the previous components (a few iterations instead of ~100);
* the base clusters are carried over (members and ids, as Polis does); the groups are recomputed
  from the base centres, which reproduces Polis's groups when replayed (``replay_groups``);
* ``in-conv`` only grows (Polis: once in, always in) and is replayed vote by vote, so it depends
  on the order votes came in: ``replay(votes)`` at once, or ``replay`` on the first votes
  followed by ``update`` calls with the rest in the same order, admit the same participants;
* the factorisation starts from the previous statement factors with a third of the sweeps.

Everything else (counts, repness, consensus, bridging) is a closed-form function of counts.
All randomness comes from ``EngineConfig.seed``, so a run is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from socius.deliberation.engine.bridging import (
    BridgingResult,
    GroupCounts,
    bridging_scores,
    declared_groupings,
    group_counts,
)
from socius.deliberation.engine.clusters import GroupClustering, cluster
from socius.deliberation.engine.consensus import Consensus, group_aware_consensus, select_consensus
from socius.deliberation.engine.factorisation import MFResult, factorise
from socius.deliberation.engine.matrix import (
    AGREE,
    DISAGREE,
    PASS,
    BoolArray,
    FloatArray,
    IntArray,
    Vote,
    VoteMatrix,
    admit,
    build_matrix,
    in_conversation,
    zero_out,
)
from socius.deliberation.engine.pca import (
    PCAResult,
    comment_projection,
    powerit_pca,
    project_participants,
)
from socius.deliberation.engine.repness import GroupVotes, RepComment, select_rep_comments
from socius.deliberation.engine.routing import polis_priority, viewer_priority


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


@dataclass(frozen=True)
class Result:
    state: State
    in_conv: frozenset[int]
    user_vote_counts: dict[int, int]
    pca: PCAResult
    projections: dict[int, tuple[float, float]]
    comment_extremity: FloatArray
    groups: dict[int, tuple[int, ...]]  # group id -> participant ids
    group_votes: GroupVotes | None
    repness: dict[int, list[RepComment]]
    consensus: Consensus
    group_aware_consensus: FloatArray
    priority: FloatArray
    bridging: BridgingResult
    mf: MFResult | None


def group_votes(matrix: VoteMatrix, members: Mapping[int, Iterable[int]]) -> GroupVotes:
    """A/D/S counts per opinion group (Polis ``group-votes``)."""
    index = {p: i for i, p in enumerate(matrix.participants)}
    gids = tuple(sorted(members))
    n_st = len(matrix.statements)
    a = np.zeros((len(gids), n_st), np.int64)
    d, s = a.copy(), a.copy()
    sizes = np.zeros(len(gids), np.int64)
    for g, gid in enumerate(gids):
        rows = np.array([index[p] for p in members[gid] if p in index], dtype=np.int64)
        sizes[g] = len(rows)
        a[g], d[g], s[g] = matrix.counts(np.isin(np.arange(len(index)), rows))
    return GroupVotes(gids, matrix.statements, a, d, s, sizes)


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
    a, _, s = matrix.counts(in_rows)
    passes = np.count_nonzero(matrix.values[in_rows] == PASS, axis=0)
    is_meta = np.array([t in meta for t in matrix.statements], dtype=bool)
    return polis_priority(a, passes, s, extremity, is_meta)


def _carried_labels(
    before: Sequence[int], clustering: GroupClustering | None, in_pids: Sequence[int]
) -> IntArray | None:
    """Each in-conv participant's base cluster in ``clustering`` over ``before`` (-1 if new)."""
    if clustering is None:
        return None
    label = dict(zip(before, clustering.base.labels.tolist(), strict=True))
    return np.array([label.get(p, -1) for p in in_pids], dtype=np.int64)


def run(
    matrix: VoteMatrix,
    config: EngineConfig | None = None,
    party: Mapping[int, str] | None = None,
    role: Mapping[int, str] | None = None,
    previous: State | None = None,
    admitted: Iterable[int] | None = None,
) -> Result:
    """Everything from ``matrix``; ``admitted`` is ``in-conv`` replayed from the votes (``admit``).

    Without ``admitted`` the previous state's ``in-conv`` is extended from the final matrix only,
    which can differ from Polis's history-dependent ``in-conv`` (see ``replay``)."""
    cfg = config or (previous.config if previous else EngineConfig())
    party = party if party is not None else (previous.party if previous else {})
    role = role if role is not None else (previous.role if previous else {})
    rating = zero_out(matrix, cfg.mod_out)
    counts_per_user = np.count_nonzero(matrix.voted, axis=1)
    user_counts = {
        p: int(c) for p, c in zip(matrix.participants, counts_per_user, strict=True) if c
    }
    voters = matrix.participants
    if admitted is None:
        admitted = previous.in_conv if previous else ()
    in_conv = in_conversation(matrix, admitted)
    start = previous.pca.comps if previous else None
    pca = powerit_pca(rating.values, iters=cfg.pca_iters, start=start)
    proj = project_participants(rating.values, pca)
    _, extremity = comment_projection(pca)
    in_rows = np.array([p in in_conv for p in voters])
    in_pids = [p for p, keep in zip(voters, in_rows, strict=True) if keep]
    clustering: GroupClustering | None = None
    groups: dict[int, tuple[int, ...]] = {}
    if len(in_pids) >= 2:
        prev = previous.clustering if previous else None
        carried = None
        if previous:
            before = [p for p in previous.matrix.participants if p in previous.in_conv]
            carried = _carried_labels(before, prev, in_pids)
        clustering = cluster(proj[in_rows], cfg.base_k, cfg.max_k, prev, carried)
        labels = clustering.participant_groups
        for g in range(len(clustering.groups.centers)):
            groups[g] = tuple(p for p, lab in zip(in_pids, labels, strict=True) if lab == g)
    # raw matrix, as Polis's votes-base: moderated-out statements keep their A/D counts
    gv = group_votes(matrix, groups) if groups else None
    rep = select_rep_comments(gv, cfg.mod_out) if gv is not None else {}
    cons = conversation_consensus(matrix, cfg.mod_out)
    gac = group_aware_consensus(gv) if gv is not None else np.ones(len(matrix.statements))
    priority = comment_priorities(matrix, in_rows, extremity, cfg.meta)
    groupings: list[GroupCounts] = declared_groupings(matrix, party, role, cfg.min_cell_size)
    if not party and not role:
        groupings = []
    if groups:
        gl: dict[int, str] = {p: f"g{g}" for g, ms in groups.items() for p in ms}
        groupings.append(group_counts(matrix, "opinion", [gl.get(p) for p in voters]))
    bridging = bridging_scores(
        matrix.statements, groupings, cfg.bridging_quantile, min_votes=cfg.bridging_min_votes
    )
    mf = (
        factorise(
            matrix,
            party,
            iters=cfg.mf_iters,
            bootstrap=cfg.mf_bootstrap,
            seed=cfg.seed,
            warm=previous.mf if previous else None,
        )
        if cfg.run_mf
        else None
    )
    state = State(matrix, in_conv, pca, clustering, cfg, party, role, mf)
    projections = {p: (float(x), float(y)) for p, (x, y) in zip(voters, proj, strict=True)}
    return Result(
        state=state, in_conv=in_conv, user_vote_counts=user_counts, pca=pca,
        projections=projections, comment_extremity=extremity, groups=groups, group_votes=gv,
        repness=rep, consensus=cons, group_aware_consensus=gac, priority=priority,
        bridging=bridging, mf=mf,
    )  # fmt: skip


def update(
    state: State,
    new_votes: Iterable[Vote],
    party: Mapping[int, str] | None = None,
    role: Mapping[int, str] | None = None,
) -> Result:
    """Fold ``new_votes`` (oldest first) into the state's matrix and recompute with warm starts.

    ``party`` and ``role``, when given, are the labels of every participant as they are now
    and replace the state's: a person who left a party or gave up a role since the last run
    loses the label (merging would have kept it). ``None`` keeps the state's labels."""
    votes = list(new_votes)
    admitted = admit(votes, base=state.matrix, admitted=state.in_conv)
    matrix = build_matrix(votes, base=state.matrix)
    return run(
        matrix,
        state.config,
        dict(state.party if party is None else party),
        dict(state.role if role is None else role),
        previous=state,
        admitted=admitted,
    )


def replay(
    votes: Sequence[Vote],
    config: EngineConfig | None = None,
    party: Mapping[int, str] | None = None,
    role: Mapping[int, str] | None = None,
) -> Result:
    """A full run over ``votes`` in the order they were cast (oldest first).

    Unlike ``run(build_matrix(votes))`` this replays ``in-conv`` through the votes' history, as
    Polis builds it, so it agrees with a run followed by incremental ``update`` calls."""
    return run(build_matrix(votes), config, party, role, admitted=admit(votes))


def replay_groups(
    votes: Sequence[Vote], config: EngineConfig | None = None, batch: int = 50
) -> dict[int, tuple[int, ...]]:
    """Opinion groups after replaying ``votes`` (oldest first), one update per ``batch`` votes.

    Polis updates every few votes and carries its base clusters over, so its groups depend on
    the history; this replays it with only the steps that feed the clustering (no repness,
    bridging or factorisation), as ``update`` would compute it batch by batch."""
    cfg = config or EngineConfig()
    matrix: VoteMatrix | None = None
    admitted: frozenset[int] = frozenset()
    comps: FloatArray | None = None
    clustering: GroupClustering | None = None
    pids: list[int] = []
    for start in range(0, len(votes), batch):
        chunk = votes[start : start + batch]
        admitted = admit(chunk, base=matrix, admitted=admitted)
        matrix = build_matrix(chunk, base=matrix)
        values = zero_out(matrix, cfg.mod_out).values
        pca = powerit_pca(values, iters=cfg.pca_iters, start=comps)
        comps = pca.comps
        in_conv = in_conversation(matrix, admitted)
        rows = np.array([p in in_conv for p in matrix.participants])
        in_pids = [p for p, keep in zip(matrix.participants, rows, strict=True) if keep]
        if len(in_pids) < 2:
            continue
        carried = _carried_labels(pids, clustering, in_pids)
        proj = project_participants(values, pca)[rows]
        clustering = cluster(proj, cfg.base_k, cfg.max_k, clustering, carried)
        pids = in_pids
    if clustering is None:
        return {}
    labels = clustering.participant_groups
    return {
        g: tuple(p for p, lab in zip(pids, labels, strict=True) if lab == g)
        for g in range(len(clustering.groups.centers))
    }


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
        rows = np.array([labels.get(p) == own for p in m.participants])
        counts.append(m.counts(rows)[2])
    pr = result.priority
    if counts:
        pr = viewer_priority(pr, np.minimum.reduce(counts), boost)
    if viewer in m.participants:
        pr = np.where(m.voted[m.participants.index(viewer)], 0.0, pr)
    return np.asarray(pr)


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
