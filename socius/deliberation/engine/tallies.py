"""Every vote count the pipeline needs, from one pass over the votes.

Consensus counts every participant, the priority the in-conversation ones, representativeness
the opinion groups, and bridging the parties, roles, party x role cells and opinion groups.
Each participant gets one joint label (party, role, opinion group or "in the conversation
without a group" or "not in it"), the votes are counted once per (joint label, statement, value)
and every count above is a sum over that small table.  The sums are of integers, so they equal
the counts taken one grouping at a time (``bridging.group_counts``, ``state.group_votes``)
exactly.  A table too large for memory (very many parties and roles) falls back to one pass
per grouping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from socius.deliberation.engine.bridging import GroupCounts
from socius.deliberation.engine.matrix import (
    AGREE,
    DISAGREE,
    CodeArray,
    FoldChanges,
    IntArray,
    VoteMatrix,
    tally,
)

# Joint tables up to this many cells (8 bytes each) are counted in one pass.
MAX_JOINT_CELLS = 20_000_000


def codes(labels: Sequence[str | None]) -> tuple[tuple[str, ...], IntArray]:
    """Distinct labels, sorted, and each position's index among them (-1 for None)."""
    uniq = tuple(sorted({lab for lab in labels if lab is not None}))
    index = {lab: i for i, lab in enumerate(uniq)}
    return uniq, np.array([index[lab] if lab is not None else -1 for lab in labels], np.int64)


def previous_matrix(matrix: VoteMatrix) -> VoteMatrix | None:
    """The matrix ``matrix`` was folded from, if its changes are known and it is still alive."""
    fold: FoldChanges | None = matrix.memo().get("fold")
    return fold.base() if fold is not None else None


def _codes(
    matrix: VoteMatrix, labels: Mapping[int, str], name: str, base: VoteMatrix | None
) -> tuple[tuple[str, ...], IntArray]:
    """``codes`` of each participant's label, reusing the base's for its participants when the
    labels are the same mapping's (a fold keeps the base's participants first, in order)."""
    kept = base.memo().get(name) if base is not None else None
    matrix_memo = matrix.memo()
    if kept is not None and kept[0] == labels:
        _, uniq, old = kept
        index = {lab: i for i, lab in enumerate(uniq)}
        extra = [labels.get(p) for p in matrix.participants[len(old) :]]
        if all(lab is None or lab in index for lab in extra):
            fresh = [index[lab] if lab is not None else -1 for lab in extra]
            out = np.concatenate([old, np.array(fresh, np.int64)])
            matrix_memo[name] = (dict(labels), uniq, out)
            return uniq, out
    uniq, out = codes([labels.get(p) for p in matrix.participants])
    matrix_memo[name] = (dict(labels), uniq, out)
    return uniq, out


# The joint labels' space: the party labels, the role labels, the number of opinion states.
LabelSpace = tuple[tuple[str, ...], tuple[str, ...], int]


@dataclass(frozen=True, eq=False)
class _JointTable:
    """A joint tally kept with the matrix it counts (``VoteMatrix.memo``)."""

    space: LabelSpace
    labels: IntArray  # each participant's joint label
    counts: IntArray  # flat: (label, statement, value)

    @property
    def nbytes(self) -> int:
        return int(self.labels.nbytes + self.counts.nbytes)


# Update a kept joint tally while the participants it has to move between labels hold at most
# this share of the votes; beyond, counting again is as fast.
REUSE_SHARE = 0.25
# Keep a joint tally with its matrix up to this many cells (8 bytes each).
KEEP_MAX_CELLS = 4_000_000


def _rows_entries(matrix: VoteMatrix, rows: IntArray) -> tuple[IntArray, IntArray]:
    """The entry positions of ``rows`` and how many entries each row has."""
    starts, ends = matrix.indptr[rows], matrix.indptr[rows + 1]
    lengths = ends - starts
    offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    return np.arange(int(lengths.sum()), dtype=np.int64) + offsets, lengths


def _renumbered(
    kept: _JointTable, now: IntArray, n_states: int, width: int
) -> tuple[IntArray, IntArray]:
    """The kept labels and counts with the opinion groups renumbered as they are ``now``.

    A new clustering may number much the same groups differently; matching each earlier group
    to the one most of its members are in now (one to one) leaves only the people who really
    moved to be counted again.  Any one-to-one renumbering keeps the counts exact."""
    old_state, now_state = kept.labels % n_states, now % n_states
    overlap = np.bincount(old_state * n_states + now_state, minlength=n_states**2)
    perm = np.full(n_states, -1, np.int64)
    taken = np.zeros(n_states, dtype=bool)
    for cell in np.argsort(-overlap, kind="stable").tolist():
        was, becomes = divmod(cell, n_states)
        if perm[was] < 0 and not taken[becomes]:
            perm[was], taken[becomes] = becomes, True
    labels = kept.labels - old_state + perm[old_state]
    counts = np.empty_like(kept.counts).reshape(-1, n_states, width)
    counts[:, perm, :] = kept.counts.reshape(-1, n_states, width)
    return labels, counts.ravel()


def _joint_tally(
    matrix: VoteMatrix, base: VoteMatrix | None, joint: IntArray, space: LabelSpace
) -> IntArray:
    """``tally(matrix, joint, ...)``, brought up to date from the base's when ``matrix`` was
    folded from it: the votes the fold changed are moved (``FoldChanges``), and participants
    whose label changed are moved with all their votes.  Integer sums: equal to counting
    again, exactly (``test_an_updated_tally_equals_counting_again``)."""
    n_labels = (len(space[0]) + 1) * (len(space[1]) + 1) * space[2]
    width = len(matrix.statements) * 3
    kept: _JointTable | None = base.memo().get("joint") if base is not None else None
    counts = None
    if kept is not None and base is not None and kept.space == space:
        n0 = len(kept.labels)
        earlier, start = _renumbered(kept, joint[:n0], space[2], width)
        moved = np.flatnonzero(earlier != joint[:n0])
        rows = np.concatenate([moved, np.arange(n0, len(joint))])
        if int((matrix.indptr[rows + 1] - matrix.indptr[rows]).sum()) <= REUSE_SHARE * matrix.nnz:
            counts = start
            fold: FoldChanges = matrix.memo()["fold"]
            stays = np.ones(len(joint), dtype=bool)
            stays[rows] = False
            changed = stays[fold.rows]
            lab = joint[fold.rows[changed]] * width
            before = fold.before[changed]
            was = before >= 0
            add: list[CodeArray] = [lab + fold.after[changed]]
            take: list[CodeArray] = [lab[was] + before[was]]
            at, lengths = _rows_entries(matrix, rows)
            add.append(np.repeat(joint[rows] * width, lengths) + matrix.cell_code_at(at))
            at, lengths = _rows_entries(base, moved)
            take.append(np.repeat(earlier[moved] * width, lengths) + base.cell_code_at(at))
            size = n_labels * width
            counts += np.bincount(np.concatenate(add), minlength=size)
            counts -= np.bincount(np.concatenate(take), minlength=size)
    if counts is None:
        counts = tally(matrix, joint, n_labels).ravel()
    if counts.size <= KEEP_MAX_CELLS:
        matrix.memo()["joint"] = _JointTable(space, joint, counts)
    return counts


@dataclass(frozen=True)
class Tallies:
    """Per statement: counts over everyone and over the in-conversation participants (each
    ``(n_statements, 3)``: disagree, pass, agree), per opinion group ``(n_groups, n_st, 3)``, and
    the groupings for bridging (party, role, party x role cells, opinion; see ``run``)."""

    everyone: IntArray
    in_conv: IntArray
    groups: IntArray
    group_sizes: IntArray
    groupings: list[GroupCounts]


def _grouping(name: str, labels: tuple[str, ...], t: IntArray, members: IntArray) -> GroupCounts:
    return GroupCounts(name, labels, t[..., AGREE + 1], t.sum(axis=-1), members.astype(np.int64))


def _cells(
    parties: tuple[str, ...], roles: tuple[str, ...], t: IntArray, people: IntArray,
    min_cell_size: int,
) -> GroupCounts | None:  # fmt: skip
    """Party x role cells of at least ``min_cell_size`` people, labelled ``"{party}x{role}"``.

    Two pairs that spell the same label are one cell, as they are when counted by label."""
    by_label: dict[str, list[tuple[int, int]]] = {}
    for i, a in enumerate(parties):
        for j, b in enumerate(roles):
            if people[i, j]:
                by_label.setdefault(f"{a}x{b}", []).append((i, j))
    size = {lab: sum(int(people[i, j]) for i, j in pairs) for lab, pairs in by_label.items()}
    kept = sorted(lab for lab, n in size.items() if n >= min_cell_size)
    if not kept:
        return None
    counts = np.stack([sum(t[i, j] for i, j in by_label[lab]) for lab in kept])
    members = np.array([size[lab] for lab in kept])
    return dataclasses.replace(_grouping("party_x_role", tuple(kept), counts, members),
                               required=False)  # fmt: skip


def count_all(
    matrix: VoteMatrix,
    in_rows: np.ndarray,
    group_of: IntArray,
    n_groups: int,
    party: Mapping[int, str],
    role: Mapping[int, str],
    min_cell_size: int = 5,
) -> Tallies:
    """All counts for ``run``; ``group_of`` is each participant's opinion group (-1 for none).

    Groupings as ``run`` has always built them: party, role and the cells when a party or a
    role is known, then the opinion groups (labelled ``g0``, ``g1``, ...) when there are any."""
    base = previous_matrix(matrix)
    p_labels, pc = _codes(matrix, party, "party", base)
    r_labels, rc = _codes(matrix, role, "role", base)
    n_p, n_r, n_o = len(p_labels) + 1, len(r_labels) + 1, n_groups + 2
    # opinion state: its group, n_groups = in the conversation without a group, +1 = not in it
    state = np.where(group_of >= 0, group_of, np.where(in_rows, n_groups, n_groups + 1))
    n_st = len(matrix.statements)
    if n_p * n_r * n_o * n_st * 3 <= MAX_JOINT_CELLS:
        joint = ((pc + 1) * n_r + (rc + 1)) * n_o + state
        space: LabelSpace = (p_labels, r_labels, n_o)
        t = _joint_tally(matrix, base, joint, space).reshape(n_p, n_r, n_o, n_st, 3)
        by_state = t.sum(axis=(0, 1))
        by_pr = t.sum(axis=2)
    else:  # one pass per grouping
        by_state = tally(matrix, state, n_o)
        by_pr = np.zeros((n_p, n_r, n_st, 3), np.int64)
        by_pr[1:, 0] = tally(matrix, pc, n_p - 1)
        by_pr[0, 1:] = tally(matrix, rc, n_r - 1)
        both = np.where((pc >= 0) & (rc >= 0), pc * (n_r - 1) + rc, -1)
        by_pr[1:, 1:] = tally(matrix, both, (n_p - 1) * (n_r - 1)).reshape(
            n_p - 1, n_r - 1, n_st, 3
        )
        by_pr[1:, 0] -= by_pr[1:, 1:].sum(axis=1)
        by_pr[0, 1:] -= by_pr[1:, 1:].sum(axis=0)
    people = np.bincount((pc + 1) * n_r + (rc + 1), minlength=n_p * n_r).reshape(n_p, n_r)
    groupings: list[GroupCounts] = []
    if party or role:
        groupings.append(_grouping("party", p_labels, by_pr[1:].sum(axis=1), people[1:].sum(1)))
        groupings.append(
            _grouping("role", r_labels, by_pr[:, 1:].sum(axis=0), people[:, 1:].sum(0))
        )
        cells = _cells(p_labels, r_labels, by_pr[1:, 1:], people[1:, 1:], min_cell_size)
        if cells is not None:
            groupings.append(cells)
    sizes = np.bincount(group_of[group_of >= 0], minlength=n_groups).astype(np.int64)
    # an opinion group without members has no label to count under (as when counted by label)
    present = sorted((f"g{g}", g) for g in range(n_groups) if sizes[g])
    if present:
        order = [g for _, g in present]
        groupings.append(_grouping("opinion", tuple(name for name, _ in present),
                                   by_state[order], sizes[order]))  # fmt: skip
    return Tallies(
        everyone=by_state.sum(axis=0),
        in_conv=by_state[: n_groups + 1].sum(axis=0),
        groups=by_state[:n_groups],
        group_sizes=sizes,
        groupings=groupings,
    )


def agree_disagree_seen(t: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """(agrees, disagrees, seen) from a tally's last axis."""
    return t[..., AGREE + 1], t[..., DISAGREE + 1], t.sum(axis=-1)
