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
from socius.deliberation.engine.matrix import AGREE, DISAGREE, IntArray, VoteMatrix, tally

# Joint tables up to this many cells (8 bytes each) are counted in one pass.
MAX_JOINT_CELLS = 20_000_000


def codes(labels: Sequence[str | None]) -> tuple[tuple[str, ...], IntArray]:
    """Distinct labels, sorted, and each position's index among them (-1 for None)."""
    uniq = tuple(sorted({lab for lab in labels if lab is not None}))
    index = {lab: i for i, lab in enumerate(uniq)}
    return uniq, np.array([index[lab] if lab is not None else -1 for lab in labels], np.int64)


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
    p_labels, pc = codes([party.get(p) for p in matrix.participants])
    r_labels, rc = codes([role.get(p) for p in matrix.participants])
    n_p, n_r, n_o = len(p_labels) + 1, len(r_labels) + 1, n_groups + 2
    # opinion state: its group, n_groups = in the conversation without a group, +1 = not in it
    state = np.where(group_of >= 0, group_of, np.where(in_rows, n_groups, n_groups + 1))
    n_st = len(matrix.statements)
    if n_p * n_r * n_o * n_st * 3 <= MAX_JOINT_CELLS:
        joint = ((pc + 1) * n_r + (rc + 1)) * n_o + state
        t = tally(matrix, joint, n_p * n_r * n_o).reshape(n_p, n_r, n_o, n_st, 3)
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
