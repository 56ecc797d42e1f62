"""Consensus statements (Polis ``select-consensus-comments``) and group-aware consensus.

* Consensus over all included participants: ``pa = (na+1)/(ns+2)``, ``pat = prop_test(na, ns)``;
  an agree-consensus statement has pa > 1/2 and pat > 1.2816, ranked by ``pa·pat``, top 5 (same
  for disagree).  Moderated-out statements are never selected.
* Group-aware consensus: ``Π_g (A_g + 1) / (S_g + 2)`` — high only when *every* opinion group
  tends to agree, so one large group cannot carry a statement alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from socius.deliberation.engine.matrix import FloatArray, IntArray
from socius.deliberation.engine.repness import Z90, GroupVotes, prop_test


@dataclass(frozen=True)
class ConsensusComment:
    tid: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


@dataclass(frozen=True)
class Consensus:
    agree: list[ConsensusComment]
    disagree: list[ConsensusComment]


def select_consensus(
    statements: tuple[int, ...],
    agree: IntArray,
    disagree: IntArray,
    seen: IntArray,
    mod_out: frozenset[int] = frozenset(),
    top: int = 5,
) -> Consensus:
    pa = (agree + 1.0) / (seen + 2.0)
    pd = (disagree + 1.0) / (seen + 2.0)
    pat, pdt = prop_test(agree, seen), prop_test(disagree, seen)

    def pick(n: IntArray, p: FloatArray, t: FloatArray) -> list[ConsensusComment]:
        idx = [
            j
            for j, tid in enumerate(statements)
            if tid not in mod_out and p[j] > 0.5 and t[j] > Z90
        ]
        idx.sort(key=lambda j: -p[j] * t[j])
        return [
            ConsensusComment(statements[j], int(n[j]), int(seen[j]), float(p[j]), float(t[j]))
            for j in idx[:top]
        ]

    return Consensus(agree=pick(agree, pa, pat), disagree=pick(disagree, pd, pdt))


def group_aware_consensus(gv: GroupVotes) -> FloatArray:
    """``Π_g (A_g+1)/(S_g+2)`` per statement (Polis ``group-aware-consensus``)."""
    return np.asarray(np.prod((gv.agree + 1.0) / (gv.seen + 2.0), axis=0))
