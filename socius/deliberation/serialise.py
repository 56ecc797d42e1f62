"""An engine ``Result`` as JSON for the database: numbers per statement and per group only.

What is stored is what the results page, the report and routing need. No participant number is
stored next to a party, a role or an opinion group: the map keeps anonymous points, declared
groups keep their sizes and their per-statement counts.
"""

from __future__ import annotations

import string
from collections import Counter
from typing import Any

import numpy as np
from scipy.special import betaincinv

from socius.deliberation.engine import Result

CREDIBLE = (0.05, 0.95)  # a 90 % credible interval
DIVISIVE_MIN_SPREAD = 0.3
DIVISIVE_MIN_VOTES = 3
TOP = 5


def credible_interval(successes: int, trials: int) -> tuple[float, float]:
    """90 % interval of a share under a uniform prior: Beta(successes + 1, failures + 1)."""
    a, b = successes + 1.0, trials - successes + 1.0
    # The Beta quantiles (scipy.stats.beta.ppf computes the same), without importing
    # scipy.stats: it costs every process about 0.5 s and 100 MB at start-up.
    lo, hi = (betaincinv(a, b, q) for q in CREDIBLE)
    return round(float(lo), 4), round(float(hi), 4)


def group_label(index: int) -> str:
    return string.ascii_uppercase[index] if index < 26 else str(index + 1)


def _f(x: Any) -> float | None:
    value = float(x)
    return None if not np.isfinite(value) else round(value, 6)


def _statements(result: Result) -> dict[str, dict[str, Any]]:
    matrix = result.state.matrix
    agree, disagree, seen = matrix.counts()
    br = result.bridging
    mf = result.mf
    out: dict[str, dict[str, Any]] = {}
    for j, tid in enumerate(matrix.statements):
        lo, hi = credible_interval(int(agree[j]), int(seen[j]))
        row: dict[str, Any] = {
            "agree": int(agree[j]),
            "disagree": int(disagree[j]),
            "pass": int(seen[j] - agree[j] - disagree[j]),
            "seen": int(seen[j]),
            "agree_lo": lo,
            "agree_hi": hi,
            "group_aware_consensus": _f(result.group_aware_consensus[j]),
            "priority": _f(result.priority[j]),
            "bridging": _f(br.score[j]),
            "needs_votes": bool(br.needs_votes[j]),
            "weakest": br.weakest_group[j],
        }
        if mf is not None:
            row["mf_intercept"] = _f(mf.statement_intercept[j])
            row["mf_factor"] = _f(mf.statement_factor[j])
            if mf.intercept_lower is not None:
                row["mf_intercept_lower"] = _f(mf.intercept_lower[j])
        out[str(tid)] = row
    return out


def _groups(result: Result) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    gv = result.group_votes
    for g, members in sorted(result.groups.items()):
        points = np.array([result.projections[p] for p in members]) if members else np.zeros((0, 2))
        rep = []
        for c in result.repness.get(g, []):
            lo, hi = credible_interval(c.n_success, c.n_trials)
            rep.append(
                {
                    "tid": c.tid, "repful_for": c.repful_for, "n_success": c.n_success,
                    "n_trials": c.n_trials, "p_success": _f(c.p_success), "p_test": _f(c.p_test),
                    "repness": _f(c.repness), "repness_test": _f(c.repness_test),
                    "lo": lo, "hi": hi,
                }
            )  # fmt: skip
        votes = {}
        if gv is not None:
            row = gv.group_ids.index(g)
            votes = {
                str(tid): [int(gv.agree[row, j]), int(gv.disagree[row, j]), int(gv.seen[row, j])]
                for j, tid in enumerate(gv.statements)
            }
        groups.append(
            {
                "id": g,
                "label": group_label(len(groups)),
                "size": len(members),
                "x": _f(points[:, 0].mean()) if len(points) else 0.0,
                "y": _f(points[:, 1].mean()) if len(points) else 0.0,
                "repness": rep,
                "votes": votes,
            }
        )
    return groups


def _points(result: Result) -> list[list[Any]]:
    """Anonymous map points: position and opinion group, sorted so order says nothing."""
    label = {}
    for index, (_g, members) in enumerate(sorted(result.groups.items())):
        for p in members:
            label[p] = group_label(index)
    pts = [
        [round(x, 4), round(y, 4), label[p]]
        for p, (x, y) in result.projections.items()
        if p in label
    ]
    return sorted(pts, key=lambda r: (r[2], r[0], r[1]))


def _divisive(result: Result, mod_out: frozenset[int]) -> list[dict[str, Any]]:
    gv = result.group_votes
    if gv is None or len(gv.group_ids) < 2:
        return []
    pa = (gv.agree + 1.0) / (gv.seen + 2.0)
    enough = (gv.seen >= DIVISIVE_MIN_VOTES).all(axis=0)
    spread = pa.max(axis=0) - pa.min(axis=0)
    rows = [
        {"tid": tid, "spread": _f(spread[j]), "pa": [_f(x) for x in pa[:, j]]}
        for j, tid in enumerate(gv.statements)
        if enough[j] and spread[j] >= DIVISIVE_MIN_SPREAD and tid not in mod_out
    ]
    rows.sort(key=lambda r: (-float(r["spread"] or 0.0), int(r["tid"])))  # type: ignore[arg-type]
    return rows[:TOP]


def _declared(result: Result) -> dict[str, Any]:
    """Per declared group: its size and per-statement agree/seen counts (for routing)."""
    st = result.state
    matrix = st.matrix
    out: dict[str, Any] = {}
    for name, labels in (("party", st.party), ("role", st.role)):
        present = [labels.get(p) for p in matrix.participants]
        sizes = Counter(lab for lab in present if lab is not None)
        counts: dict[str, list[int]] = {}
        for lab in sizes:
            rows = np.array([x == lab for x in present])
            counts[lab] = [int(n) for n in matrix.counts(rows)[2]]
        out[name] = {"sizes": dict(sizes), "seen": counts}
    return out


def result_to_data(result: Result) -> dict[str, Any]:
    mod_out = result.state.config.mod_out
    statements = list(result.state.matrix.statements)
    bounds = {
        key: {str(tid): _f(v) for tid, v in zip(statements, values, strict=True)}
        for key, values in result.bridging.lower_bounds.items()
    }
    return {
        "statement_ids": statements,
        "statements": _statements(result),
        "groups": _groups(result),
        "points": _points(result),
        "in_conv": len(result.in_conv),
        "consensus": {
            side: [
                {
                    "tid": c.tid,
                    "n_success": c.n_success,
                    "n_trials": c.n_trials,
                    "p_success": _f(c.p_success),
                    "p_test": _f(c.p_test),
                }
                for c in getattr(result.consensus, side)
            ]
            for side in ("agree", "disagree")
        },  # fmt: skip
        "bridging_ranking": [tid for tid in result.bridging.ranking() if tid not in mod_out],
        "lower_bounds": bounds,
        "divisive": _divisive(result, mod_out),
        "declared": _declared(result),
        "mod_out": sorted(mod_out),
    }
