"""The engine's earlier, plain implementations, kept as the oracle for the faster ones.

Copied from the engine as it was before it went sparse and vectorised (dense ``float64`` vote
matrix, vote-by-vote ``in-conv`` replay, dense products, ``bincount`` sums); ``test_scale.py``
checks that the current code gives the same results.  Test code only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from socius.deliberation.engine.clusters import _same_centers, _sqdist
from socius.deliberation.engine.matrix import AGREE, DISAGREE, Vote, VoteMatrix
from socius.deliberation.engine.repness import (
    Z90,
    GroupVotes,
    RepComment,
    RepStats,
    _finalize,
    _metric,
    rep_stats,
)


def admit(
    votes: Iterable[Vote],
    base: VoteMatrix | None = None,
    admitted: Iterable[int] = (),
    min_votes: int = 7,
    greedy_n: int = 15,
) -> frozenset[int]:
    """``in-conv`` replayed vote by vote (the implementation the vectorised one replaced)."""
    counts: dict[int, int] = {}
    statements: set[int] = set()
    seen_cells: set[tuple[int, int]] = set()
    voted: set[tuple[int, int]] = set()
    if base is not None:
        per = base.votes_per_participant.tolist()
        counts = {p: c for p, c in zip(base.participants, per, strict=True) if c}
        statements = set(base.statements)
        rows, cols = base.row_index.tolist(), base.indices.tolist()
        voted = {
            (base.participants[i], base.statements[j]) for i, j in zip(rows, cols, strict=True)
        }
    chosen = set(admitted) if base is None else {p for p in admitted if p in counts}
    for v in votes:
        p, t = v.participant, v.statement
        statements.add(t)
        if (p, t) in seen_cells:
            continue
        seen_cells.add((p, t))
        if (p, t) in voted:
            continue
        counts[p] = counts.get(p, 0) + 1
        if counts[p] >= min(min_votes, len(statements)):
            chosen.add(p)
        if len(chosen) < greedy_n:
            rest = sorted((q for q in counts if q not in chosen), key=lambda q: (-counts[q], q))
            chosen.update(rest[: greedy_n - len(chosen)])
    return frozenset(chosen)


def dense(votes: Iterable[Vote]) -> tuple[tuple[int, ...], tuple[int, ...], np.ndarray]:
    """The dense matrix: sorted ids and ``float64`` values with NaN for "not voted"."""
    vs = list(votes)
    pids = tuple(sorted({v.participant for v in vs}))
    tids = tuple(sorted({v.statement for v in vs}))
    values = np.full((len(pids), len(tids)), np.nan)
    p_index = {p: i for i, p in enumerate(pids)}
    t_index = {t: j for j, t in enumerate(tids)}
    for v in vs:  # in order, so the last vote for a cell wins
        values[p_index[v.participant], t_index[v.statement]] = float(np.sign(v.value))
    return pids, tids, values


def group_counts(values: np.ndarray, labels: Sequence[str | None]) -> tuple:
    """(labels, agree, seen, members) per label, through a dense indicator product."""
    uniq = tuple(sorted({lab for lab in labels if lab is not None}))
    index = {lab: i for i, lab in enumerate(uniq)}
    ind = np.zeros((len(uniq), len(labels)))
    for i, lab in enumerate(labels):
        if lab is not None:
            ind[index[lab], i] = 1.0
    agree = (ind @ (values == AGREE).astype(np.float64)).round().astype(np.int64)
    seen = (ind @ (~np.isnan(values)).astype(np.float64)).round().astype(np.int64)
    return uniq, agree, seen, ind.sum(axis=1).round().astype(np.int64)


def counts(values: np.ndarray, rows: np.ndarray | None = None) -> tuple:
    v = values if rows is None else values[rows]
    return (
        np.count_nonzero(v == AGREE, axis=0),
        np.count_nonzero(v == DISAGREE, axis=0),
        np.count_nonzero(~np.isnan(v), axis=0),
    )


def kmeans(
    points: np.ndarray, k: int, init: np.ndarray, max_iters: int = 20, tol: float = 0.01
) -> tuple[np.ndarray, np.ndarray]:
    """Lloyd's algorithm, every point against every centre at every step: (centres, labels)."""
    w = np.ones(len(points))
    centers = init.copy()
    for _ in range(max_iters):
        labels = np.argmin(_sqdist(points, centers), axis=1)
        wsum = np.bincount(labels, weights=w, minlength=len(centers))
        keep = wsum > 0
        new = np.empty_like(centers)
        for dim in range(points.shape[1]):
            s = np.bincount(labels, weights=w * points[:, dim], minlength=len(centers))
            new[:, dim] = np.divide(s, wsum, out=centers[:, dim].copy(), where=keep)
        new = new[keep]
        done = _same_centers(new, centers, tol)
        centers = new
        if done:
            break
    return centers, np.argmin(_sqdist(points, centers), axis=1)


def _solve2(
    idx: np.ndarray, n: int, x: np.ndarray, r: np.ndarray, lam_i: float, lam_f: float
) -> tuple:
    cnt = np.bincount(idx, minlength=n).astype(np.float64)
    sx = np.bincount(idx, weights=x, minlength=n)
    sxx = np.bincount(idx, weights=x * x, minlength=n)
    sr = np.bincount(idx, weights=r, minlength=n)
    sxr = np.bincount(idx, weights=x * r, minlength=n)
    a11, a12, a22 = cnt + lam_i, sx, sxx + lam_f
    det = a11 * a22 - a12 * a12
    return (a22 * sr - a12 * sxr) / det, (a11 * sxr - a12 * sr) / det


def _fit(rows: np.ndarray, cols: np.ndarray, y: np.ndarray, n_rows: int, n_cols: int,
         iters: int, rng: np.random.Generator, init: np.ndarray | None) -> tuple:  # fmt: skip
    lam_f, lam_i = 1.0, 5.0
    mu = float(y.mean()) if y.size else 0.0
    bu, bt = np.zeros(n_rows), np.zeros(n_cols)
    ft = rng.normal(0.0, 0.1, n_cols) if init is None else init.copy()
    fu = np.zeros(n_rows)
    for _ in range(iters):
        bu, fu = _solve2(rows, n_rows, ft[cols], y - mu - bt[cols], lam_i, lam_f)
        bt, ft = _solve2(cols, n_cols, fu[rows], y - mu - bu[rows], lam_i, lam_f)
        mu = float((y - bu[rows] - bt[cols] - fu[rows] * ft[cols]).mean()) if y.size else 0.0
    return mu, bu, bt, fu, ft


def factorise(values: np.ndarray, participants: Sequence[int], party: Mapping[int, str],
              iters: int = 25, bootstrap: int = 0, seed: int = 0) -> tuple:  # fmt: skip
    """(statement intercepts, statement factors, bootstrap lower bounds): the resamples refit
    on copies of the drawn participants' votes."""
    rng = np.random.default_rng(seed)
    mask = (values == AGREE) | (values == DISAGREE)
    rows, cols = np.nonzero(mask)
    y = (values[rows, cols] == AGREE).astype(np.float64)
    n_r, n_c = values.shape
    _, _, bt, fu, ft = _fit(rows, cols, y, n_r, n_c, iters, rng, None)
    if ft.size and ft[np.argmax(np.abs(ft))] < 0:
        ft = -ft
    if bootstrap <= 0:
        return bt, ft, None
    strata: dict[str, list[int]] = {}
    for i, p in enumerate(participants):
        strata.setdefault(party.get(p, ""), []).append(i)
    start = np.searchsorted(rows, np.arange(n_r + 1))
    samples = np.empty((bootstrap, n_c))
    for b in range(bootstrap):
        pick = np.concatenate([rng.choice(np.asarray(m), size=len(m), replace=True)
                               for _, m in sorted(strata.items())])  # fmt: skip
        seg = [np.arange(start[p], start[p + 1]) for p in pick]
        sel = np.concatenate(seg)
        new_rows = np.repeat(np.arange(len(pick)), [len(s) for s in seg])
        fit = _fit(new_rows, cols[sel], y[sel], len(pick), n_c, max(5, iters // 2), rng, ft)
        samples[b] = fit[2]
    return bt, ft, np.quantile(samples, 0.10, axis=0)


def select_rep_comments(
    gv: GroupVotes, mod_out: frozenset[int] = frozenset()
) -> dict[int, list[RepComment]]:
    """Polis's selection of up to 5 representative statements per group (see module doc)."""
    st = rep_stats(gv)
    out: dict[int, list[RepComment]] = {}
    for g, gid in enumerate(gv.group_ids):
        sufficient: list[RepComment] = []
        best: RepComment | None = None
        best_agree: int | None = None
        for j, tid in enumerate(gv.statements):
            if tid in mod_out:
                continue
            passes = (st.rat[g, j] > Z90 and st.pat[g, j] > Z90) or (
                st.rdt[g, j] > Z90 and st.pdt[g, j] > Z90
            )
            if passes:
                sufficient.append(_finalize(st, g, j, tid))
            if not sufficient and (
                best is None or max(st.rat[g, j], st.rdt[g, j]) > best.repness_test
            ):
                best = _finalize(st, g, j, tid)
            if _beats_best_agree(st, g, j, best_agree):
                best_agree = j
        head: list[RepComment] = []
        ba: RepComment | None = None
        if best_agree is not None:
            f = _finalize(st, g, best_agree, gv.statements[best_agree])
            ba = RepComment(
                **{**f.__dict__, "best_agree": True, "n_agree": int(st.na[g, best_agree])}
            )
            head = [ba]
        elif best is not None:
            head = [best]
        if not sufficient:
            out[gid] = head
            continue
        rest = [c for c in sufficient if ba is None or c.tid != ba.tid]
        rest.sort(key=lambda c: -_metric(c))  # stable, like Clojure's sort-by
        chosen = ([ba] if ba is not None else []) + rest
        chosen = chosen[:5]
        out[gid] = [c for c in chosen if c.repful_for == "agree"] + [
            c for c in chosen if c.repful_for == "disagree"
        ]
    return out


def _beats_best_agree(st: RepStats, g: int, j: int, cur: int | None) -> bool:
    if st.na[g, j] == 0 and st.nd[g, j] == 0:
        return False
    if cur is not None and st.ra[g, cur] > 1.0:
        mine = st.ra[g, j] * st.rat[g, j] * st.pa[g, j] * st.pat[g, j]
        theirs = st.ra[g, cur] * st.rat[g, cur] * st.pa[g, cur] * st.pat[g, cur]
        return bool(mine > theirs)
    if cur is not None:
        return bool(st.pa[g, j] * st.pat[g, j] > st.pa[g, cur] * st.pat[g, cur])
    return bool(st.pat[g, j] > Z90 or (st.ra[g, j] > 1.0 and st.pa[g, j] > 0.5))
