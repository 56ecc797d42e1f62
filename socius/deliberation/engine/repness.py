"""Representativeness of statements for opinion groups (Polis ``repness.clj``).

Per group g and statement t, with na/nd/ns = agrees/disagrees/seen inside g:

* ``pa = (na + 1) / (ns + 2)``, ``pd`` likewise: Laplace-smoothed agree/disagree probability.
* ``pat = prop_test(na, ns) = 2·sqrt(ns + 1)·((na + 1)/(ns + 1) - 1/2)``: z-score of pa vs 1/2.
* ``ra = pa / ((Σ_other na + 1) / (Σ_other ns + 2))``: agreement relative to everybody else.
* ``rat = two_prop_test(na, Σ_other na, ns, Σ_other ns)``: pooled two-proportion z-test, every
  count incremented by one first (Polis's smoothing).
* Selection: a statement is "sufficient" when (rat > 1.2816 and pat > 1.2816) or the same for
  the disagree side; the best-agree statement (ranking by ra·rat·pa·pat once ra > 1, else pa·pat)
  is put first; the rest sorted by ``repness·repness_test·p_success·p_test``; 5 kept; agrees
  before disagrees.  ``repness-test`` is a float32 in Polis's output (``(float ...)``) and is
  reproduced as such.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from socius.deliberation.engine.matrix import FloatArray, IntArray

Z90 = 1.2816


def prop_test(succ: npt.ArrayLike, n: npt.ArrayLike) -> FloatArray:
    """One-proportion z-score against 1/2 with +1 smoothing (Polis ``stats/prop-test``)."""
    s = np.asarray(succ, dtype=np.float64) + 1.0
    m = np.asarray(n, dtype=np.float64) + 1.0
    return np.asarray(2.0 * np.sqrt(m) * (s / m - 0.5))


def two_prop_test(
    succ_in: npt.ArrayLike, succ_out: npt.ArrayLike, pop_in: npt.ArrayLike, pop_out: npt.ArrayLike
) -> FloatArray:
    """Pooled two-proportion z-score with +1 smoothing; 0 when the pooled rate is 1."""
    s1, s2, n1, n2 = (
        np.asarray(a, dtype=np.float64) + 1.0 for a in (succ_in, succ_out, pop_in, pop_out)
    )
    p1, p2 = s1 / n1, s2 / n2
    ph = (s1 + s2) / (n1 + n2)
    den = np.sqrt(ph * (1.0 - ph) * (1.0 / n1 + 1.0 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(ph == 1.0, 0.0, (p1 - p2) / np.where(den == 0, 1.0, den))
    return np.asarray(z)


@dataclass(frozen=True)
class GroupVotes:
    """Counts per group (rows) and statement (columns)."""

    group_ids: tuple[int, ...]
    statements: tuple[int, ...]
    agree: IntArray
    disagree: IntArray
    seen: IntArray
    n_members: IntArray


@dataclass(frozen=True)
class RepStats:
    na: IntArray
    nd: IntArray
    ns: IntArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


@dataclass(frozen=True)
class RepComment:
    tid: int
    repful_for: str
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False
    n_agree: int | None = None
    extra: dict[str, float] = field(default_factory=dict)


def rep_stats(gv: GroupVotes) -> RepStats:
    """All per-group statistics at once (arrays are groups x statements)."""
    na, nd, ns = gv.agree, gv.disagree, gv.seen
    pa = (na + 1.0) / (ns + 2.0)
    pd = (nd + 1.0) / (ns + 2.0)
    oa, od, os_ = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    ra = pa / ((oa + 1.0) / (os_ + 2.0))
    rd = pd / ((od + 1.0) / (os_ + 2.0))
    return RepStats(
        na=na, nd=nd, ns=ns, pa=pa, pd=pd, pat=prop_test(na, ns), pdt=prop_test(nd, ns),
        ra=ra, rd=rd, rat=two_prop_test(na, oa, ns, os_), rdt=two_prop_test(nd, od, ns, os_),
    )  # fmt: skip


def _finalize(st: RepStats, g: int, j: int, tid: int) -> RepComment:
    if st.rat[g, j] > st.rdt[g, j]:
        return RepComment(tid, "agree", int(st.na[g, j]), int(st.ns[g, j]), float(st.pa[g, j]),
                          float(st.pat[g, j]), float(st.ra[g, j]), float(np.float32(st.rat[g, j])))  # fmt: skip
    return RepComment(tid, "disagree", int(st.nd[g, j]), int(st.ns[g, j]), float(st.pd[g, j]),
                      float(st.pdt[g, j]), float(st.rd[g, j]), float(np.float32(st.rdt[g, j])))  # fmt: skip


def _metric(c: RepComment) -> float:
    return c.repness * c.repness_test * c.p_success * c.p_test


def _group(st: RepStats, g: int, statements: tuple[int, ...], keep: np.ndarray) -> list[RepComment]:
    """One group's representative statements (the rules in the module docstring).

    The sufficient statements' sort key is computed for all at once, with the same operations in
    the same order as ``_metric`` on the finalized comments, so only the few that are kept are
    finalized; the running "best" choices stay sequential, as Polis's are."""
    suff = ((st.rat[g] > Z90) & (st.pat[g] > Z90)) | ((st.rdt[g] > Z90) & (st.pdt[g] > Z90))
    cand = np.flatnonzero(suff & keep)
    best_agree = _best_agree(st, g, np.flatnonzero(keep))
    ba: RepComment | None = None
    if best_agree is not None:
        f = _finalize(st, g, best_agree, statements[best_agree])
        ba = dataclasses.replace(f, best_agree=True, n_agree=int(st.na[g, best_agree]))
    if not len(cand):
        best = _best_any(st, g, np.flatnonzero(keep), statements)
        return [ba] if ba is not None else ([best] if best is not None else [])
    agree = st.rat[g] > st.rdt[g]
    test = np.where(agree, st.rat[g], st.rdt[g]).astype(np.float32).astype(np.float64)
    metric = (np.where(agree, st.ra[g], st.rd[g]) * test * np.where(agree, st.pa[g], st.pd[g])
              * np.where(agree, st.pat[g], st.pdt[g]))  # fmt: skip
    if ba is not None:
        cand = cand[cand != best_agree]
    rest = cand[np.argsort(-metric[cand], kind="stable")]  # stable, like Clojure's sort-by
    chosen = ([ba] if ba is not None else []) + [
        _finalize(st, g, int(j), statements[j]) for j in rest[: 5 - (ba is not None)]
    ]
    return [c for c in chosen if c.repful_for == "agree"] + [
        c for c in chosen if c.repful_for == "disagree"
    ]


def _best_any(
    st: RepStats, g: int, cols: np.ndarray, statements: tuple[int, ...]
) -> RepComment | None:
    """With nothing sufficient: the statement with the highest ``max(rat, rdt)`` (the first of
    equals), compared with the float32 ``repness_test`` of the current best, as Polis does."""
    best: RepComment | None = None
    top = np.maximum(st.rat[g], st.rdt[g]).tolist()
    for j in cols.tolist():
        if best is None or top[j] > best.repness_test:
            best = _finalize(st, g, j, statements[j])
    return best


def _best_agree(st: RepStats, g: int, cols: np.ndarray) -> int | None:
    """Polis's best-agree statement: a running best over the statements in order."""
    na, nd = st.na[g].tolist(), st.nd[g].tolist()
    ra, rat, pa, pat = (x[g].tolist() for x in (st.ra, st.rat, st.pa, st.pat))
    cur: int | None = None
    for j in cols.tolist():
        if na[j] == 0 and nd[j] == 0:
            continue
        if cur is None:
            better = pat[j] > Z90 or (ra[j] > 1.0 and pa[j] > 0.5)
        elif ra[cur] > 1.0:
            better = ra[j] * rat[j] * pa[j] * pat[j] > ra[cur] * rat[cur] * pa[cur] * pat[cur]
        else:
            better = pa[j] * pat[j] > pa[cur] * pat[cur]
        if better:
            cur = j
    return cur


def select_rep_comments(
    gv: GroupVotes, mod_out: frozenset[int] = frozenset()
) -> dict[int, list[RepComment]]:
    """Polis's selection of up to 5 representative statements per group (see module doc)."""
    st = rep_stats(gv)
    keep = ~np.isin(np.asarray(gv.statements, dtype=np.int64), np.fromiter(mod_out, np.int64))
    return {gid: _group(st, g, gv.statements, keep) for g, gid in enumerate(gv.group_ids)}
