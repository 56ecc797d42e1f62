"""Synthetic conversations with planted bridging and partisan statements (tests and bench).

Statement kinds and agree probabilities per party:

* ``bridging``: every party agrees with probability ``p_bridge`` (0.75);
* ``partisan``: one party agrees (0.9), every other party mostly disagrees (0.15);
* ``near``: all parties but one agree strongly (0.95), that one mostly disagrees (0.1) — a
  majority statement that ignores a minority; plain group-aware consensus over 2-5 opinion
  groups can rank it above true bridging statements when the minority is merged into a larger
  opinion group;
* ``divisive``: half the parties agree (0.85), half disagree (0.15).

Non-agree votes are disagree with probability 0.8, pass otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from socius.deliberation.engine.matrix import IntArray, VoteMatrix, from_arrays


@dataclass(frozen=True)
class Synthetic:
    matrix: VoteMatrix
    party: dict[int, str]
    role: dict[int, str]
    kinds: tuple[str, ...]  # per statement

    @property
    def bridging(self) -> frozenset[int]:
        return frozenset(j for j, k in enumerate(self.kinds) if k == "bridging")


def make_conversation(
    seed: int,
    party_sizes: list[int],
    n_bridging: int = 5,
    n_partisan: int = 10,
    n_near: int = 5,
    n_divisive: int = 5,
    vote_rate: float = 0.7,
    p_bridge: float = 0.75,
) -> Synthetic:
    rng = np.random.default_rng(seed)
    n_parties = len(party_sizes)
    kinds = (
        ["bridging"] * n_bridging
        + ["partisan"] * n_partisan
        + ["near"] * n_near
        + ["divisive"] * n_divisive
    )
    order = rng.permutation(len(kinds))
    kinds = [kinds[i] for i in order]
    probs = np.zeros((n_parties, len(kinds)))
    smallest = int(np.argmin(party_sizes))
    for j, k in enumerate(kinds):
        if k == "bridging":
            probs[:, j] = p_bridge
        elif k == "partisan":
            probs[:, j] = 0.15
            probs[rng.integers(n_parties), j] = 0.9
        elif k == "near":
            probs[:, j] = 0.95
            probs[smallest, j] = 0.1
        else:
            side = rng.permutation(n_parties) < n_parties // 2
            probs[:, j] = np.where(side, 0.85, 0.15)
    party_of = np.repeat(np.arange(n_parties), party_sizes)
    n = len(party_of)
    mask = rng.random((n, len(kinds))) < vote_rate
    u = rng.random((n, len(kinds)))
    agree = u < probs[party_of]
    dis = ~agree & (rng.random((n, len(kinds))) < 0.8)
    val = np.where(agree, 1, np.where(dis, -1, 0))
    rows, cols = np.nonzero(mask)
    m = from_arrays(
        rows.astype(np.int64),
        cols.astype(np.int64),
        val[rows, cols].astype(np.int64),
        (n, len(kinds)),
    )
    roles = rng.integers(0, 2, n)
    return Synthetic(
        matrix=m,
        party={i: f"P{party_of[i]}" for i in range(n)},
        role={i: ("member", "staff")[roles[i]] for i in range(n)},
        kinds=tuple(kinds),
    )


def distinct_cells(rng: np.random.Generator, n_cells: int, n_votes: int) -> IntArray:
    """``n_votes`` distinct cells of ``0 .. n_cells - 1``, uniformly at random, in random order.

    Draws with replacement and keeps each cell's first draw, which takes a few hundred
    megabytes and seconds for 5,000,000 of 200,000,000 cells (sampling without replacement takes
    several times both).  Nearly full matrices are drawn by a permutation instead."""
    if n_votes > n_cells:
        raise ValueError("more votes than cells")
    if 2 * n_votes > n_cells:
        return rng.permutation(n_cells)[:n_votes].astype(np.int64)
    cells = np.zeros(0, np.int64)
    while len(cells) < n_votes:
        # the expected share of repeats is n_votes / n_cells (at most a half here)
        extra = int((n_votes - len(cells)) * (1.0 + 2.0 * n_votes / n_cells)) + 64
        drawn = np.concatenate([cells, rng.integers(0, n_cells, extra, dtype=np.int64)])
        _, first = np.unique(drawn, return_index=True)
        cells = drawn[np.sort(first)]
    return cells[:n_votes]


def large_votes(
    seed: int, n_participants: int, n_statements: int, n_votes: int, n_parties: int = 5
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """(rows, cols, values, party) for the bench: ``n_votes`` distinct cells, party-driven opinions.

    The votes come in a random order (the order a replay takes them in): each participant
    belongs to one of ``n_parties`` parties, and each party agrees with each statement with its
    own probability (uniform in 0.1-0.9); a vote that is not an agree is a disagree with
    probability 0.8 and otherwise a pass."""
    rng = np.random.default_rng(seed)
    cells = distinct_cells(rng, n_participants * n_statements, n_votes)
    rows, cols = np.divmod(cells, n_statements)
    party = rng.integers(0, n_parties, n_participants)
    probs = rng.uniform(0.1, 0.9, (n_parties, n_statements))
    p = probs[party[rows], cols]
    u = rng.random(n_votes)
    vals = np.where(u < p, 1, np.where(u < p + (1 - p) * 0.8, -1, 0))
    return (
        rows.astype(np.int64),
        cols.astype(np.int64),
        vals.astype(np.int64),
        party.astype(np.int64),
    )
