"""Bridging across declared groups (party, role, party x role) and opinion groups.

For a grouping G and statement t, with a_g agrees out of n_g votes (agree + disagree + pass, as
Polis's "seen") in group g and overall agreement rate p_t:

* posterior ``Beta(κ·p_t + a_g, κ·(1 - p_t) + n_g - a_g)``: a Beta prior centred on the overall
  rate with strength κ (default 2 pseudo-votes) shrinks small groups toward everybody;
* its lower credible bound ``L_g = Beta.ppf(q)`` (q = 0.10): "at least this share of g agrees,
  with 90 % credibility";
* bridging score ``min_g L_g`` over every group of every grouping — a statement bridges only if
  even the least convinced group agrees, and only with enough evidence from each group.

Statements where some party, role or opinion group has fewer than ``min_votes`` votes (default
3) are marked "needs votes" (score NaN) and never ranked: a minimum over groups that we have
barely heard from would be a guess, and the routing raises exactly those statements for those
groups. A group with fewer members than ``min_votes`` can never cast that many votes, so it
does not gate: otherwise one person with a rare, self-chosen role or party would hold every
statement at "needs votes" and switch bridging and consensus off for the whole conversation.
Such a group is not in the minimum either (it never has ``min_votes`` votes), so it cannot
veto a statement; its members' votes still count in the overall rate and in their other groups.

Party x role cells are used only when they hold at least ``min_cell_size`` people (default 5),
and a cell with fewer than ``min_votes`` votes on a statement is skipped for that statement
rather than blocking it (cells are small; they refine the score, they do not gate it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import betaincinv

from socius.deliberation.engine.matrix import AGREE, FloatArray, IntArray, VoteMatrix


@dataclass(frozen=True)
class GroupCounts:
    """Counts for one grouping: rows are groups (labels), columns statements."""

    name: str
    labels: tuple[str, ...]
    agree: IntArray
    seen: IntArray
    members: IntArray  # people per group
    required: bool = True  # False: a group with too few votes is skipped instead of blocking


@dataclass(frozen=True)
class BridgingResult:
    statements: tuple[int, ...]
    score: FloatArray  # NaN where "needs votes"
    needs_votes: np.ndarray  # bool
    lower_bounds: dict[str, FloatArray]  # "grouping:label" -> per statement lower bound
    weakest_group: tuple[str, ...]  # which group sets the minimum ("" when needs votes)

    def ranking(self) -> list[int]:
        """Statement ids with a score, best first (ties by id)."""
        idx = [j for j in range(len(self.statements)) if not self.needs_votes[j]]
        idx.sort(key=lambda j: (-self.score[j], self.statements[j]))
        return [self.statements[j] for j in idx]


def group_counts(matrix: VoteMatrix, name: str, labels: Sequence[str | None]) -> GroupCounts:
    """Agree/seen counts per label (participants labelled None are ignored), in one pass."""
    uniq = tuple(sorted({lab for lab in labels if lab is not None}))
    index = {lab: i for i, lab in enumerate(uniq)}
    rows = np.array([index[lab] if lab is not None else -1 for lab in labels], dtype=np.int64)
    n_g, n_st = len(uniq), len(matrix.statements)
    g = rows[matrix.row_index] if len(rows) else np.zeros(0, np.int64)
    keep = g >= 0
    key = g[keep] * n_st + matrix.indices[keep]
    agree = np.bincount(key[matrix.data[keep] == AGREE], minlength=n_g * n_st)
    seen = np.bincount(key, minlength=n_g * n_st)
    members = np.bincount(rows[rows >= 0], minlength=n_g).astype(np.int64)
    return GroupCounts(
        name,
        uniq,
        agree.reshape(n_g, n_st).astype(np.int64),
        seen.reshape(n_g, n_st).astype(np.int64),
        members,
    )


def declared_groupings(
    matrix: VoteMatrix,
    party: Mapping[int, str],
    role: Mapping[int, str],
    min_cell_size: int = 5,
) -> list[GroupCounts]:
    """Party, role and the party x role cells with at least ``min_cell_size`` people."""
    ps = [party.get(p) for p in matrix.participants]
    rs = [role.get(p) for p in matrix.participants]
    cells = [
        f"{a}x{b}" if a is not None and b is not None else None for a, b in zip(ps, rs, strict=True)
    ]
    size: dict[str, int] = {}
    for c in cells:
        if c is not None:
            size[c] = size.get(c, 0) + 1
    cells = [c if c is not None and size[c] >= min_cell_size else None for c in cells]
    out = [group_counts(matrix, "party", ps), group_counts(matrix, "role", rs)]
    if any(c is not None for c in cells):
        gc = group_counts(matrix, "party_x_role", cells)
        out.append(dataclasses.replace(gc, required=False))
    return out


def bridging_scores(
    statements: tuple[int, ...],
    groupings: Sequence[GroupCounts],
    quantile: float = 0.10,
    prior_strength: float = 2.0,
    min_votes: int = 3,
    overall: tuple[IntArray, IntArray] | None = None,
) -> BridgingResult:
    """Minimum over groups of the lower credible bound of agreement (see module doc).

    ``overall`` is every participant's (agrees, seen) per statement, the prior's centre; the
    engine always passes it. Without it the first grouping's people stand in for everyone,
    which leaves out whoever has no label in that grouping."""
    n_st = len(statements)
    if overall is not None:
        tot_a, tot_n = overall
    elif groupings:
        tot_a = groupings[0].agree.sum(axis=0)
        tot_n = groupings[0].seen.sum(axis=0)
    else:
        tot_a = tot_n = np.zeros(n_st, np.int64)
    p0 = (tot_a + 1.0) / (tot_n + 2.0)
    needs = np.zeros(n_st, dtype=bool)
    keys: list[str] = []
    for gc in groupings:
        if gc.required:
            # a group too small ever to reach min_votes does not gate (see module doc)
            thin = gc.seen < min_votes
            needs |= (thin & (gc.members >= min_votes)[:, None]).any(axis=0)
        keys.extend(f"{gc.name}:{lab}" for lab in gc.labels)
    if keys:
        agree = np.concatenate([gc.agree for gc in groupings])
        seen = np.concatenate([gc.seen for gc in groupings])
        # the Beta quantile of every group and statement in one call (the bulk of the work)
        lb = betaincinv(prior_strength * p0 + agree,
                        prior_strength * (1.0 - p0) + (seen - agree), quantile)  # fmt: skip
        # the first group in order with the lowest bound among those with enough votes
        counted = np.where(seen < min_votes, np.inf, lb)
        first = np.argmin(counted, axis=0)
        score = counted[first, np.arange(n_st)]
    else:
        lb, first, score = np.zeros((0, n_st)), np.zeros(n_st, np.int64), np.full(n_st, np.inf)
    bounds: dict[str, FloatArray] = dict(zip(keys, lb, strict=True))
    weakest = [
        "" if gone else keys[g]
        for g, gone in zip(first.tolist(), (needs | ~np.isfinite(score)).tolist(), strict=True)
    ]
    score = np.where(needs | ~np.isfinite(score), np.nan, score)
    return BridgingResult(statements, score, needs, bounds, tuple(weakest))
