"""Parity with Polis's own output (math-pca2.json) on the two shipped conversations.

Given Polis's group memberships (base clusters mapped to groups), counts must match exactly and
every probability / test statistic to 1e-9.  Polis writes ``repness-test`` as a float32
(``(float ...)`` in repness.clj), so that one field is compared at float32 precision.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from socius.deliberation.engine.consensus import group_aware_consensus, select_consensus
from socius.deliberation.engine.matrix import in_conversation, vote_counts, zero_out
from socius.deliberation.engine.pca import comment_projection, powerit_pca
from socius.deliberation.engine.repness import select_rep_comments
from socius.deliberation.engine.routing import polis_priority
from socius.deliberation.engine.state import EngineConfig, group_votes, run
from socius.deliberation.engine.tests.conftest import CONVERSATIONS, PolisCase, load_case

TOL = 1e-9


@pytest.fixture(params=CONVERSATIONS, scope="module")
def case(request: pytest.FixtureRequest) -> PolisCase:
    return load_case(request.param)


def _members(math: dict[str, Any]) -> dict[int, list[int]]:
    base = math["base-clusters"]
    bmem = dict(zip(base["id"], base["members"], strict=True))
    return {g["id"]: [p for b in g["members"] for p in bmem[b]] for g in math["group-clusters"]}


def test_vote_sign_convention(case: PolisCase) -> None:
    """votes.json: +1 is agree (its count equals comments.json agree_count)."""
    a, d, _ = case.matrix.counts()
    idx = {t: j for j, t in enumerate(case.matrix.statements)}
    for c in case.comments:
        j = idx.get(c["statement_id"])
        if j is not None and case.name != "9fw9a2jeby":  # 9fw export lacks one participant
            assert (a[j], d[j]) == (c["agree_count"], c["disagree_count"])


def test_in_conv_and_vote_counts(case: PolisCase) -> None:
    counts = {p: c for p, c in vote_counts(case.matrix).items() if c}
    assert counts == {int(k): v for k, v in case.math["user-vote-counts"].items()}
    assert in_conversation(case.matrix) == frozenset(case.math["in-conv"])


def test_group_votes_and_group_aware_consensus(case: PolisCase) -> None:
    m = case.math
    gv = group_votes(case.matrix, _members(m))
    for g, gid in enumerate(gv.group_ids):
        assert gv.n_members[g] == m["group-votes"][str(gid)]["n-members"]
        for j, t in enumerate(gv.statements):
            e = m["group-votes"][str(gid)]["votes"][str(t)]
            assert (gv.agree[g, j], gv.disagree[g, j], gv.seen[g, j]) == (e["A"], e["D"], e["S"])
    gac = group_aware_consensus(gv)
    diffs = [abs(gac[j] - m["group-aware-consensus"][str(t)]) for j, t in enumerate(gv.statements)]
    print(f"\n{case.name}: group-aware consensus max |diff| = {max(diffs):.3g}")
    assert max(diffs) < TOL


def test_repness(case: PolisCase) -> None:
    m = case.math
    gv = group_votes(case.matrix, _members(m))
    rep = select_rep_comments(gv, frozenset(m["mod-out"]))
    worst = 0.0
    for gid, chosen in rep.items():
        expected = m["repness"][str(gid)]
        assert [(c.tid, c.repful_for) for c in chosen] == [
            (e["tid"], e["repful-for"]) for e in expected
        ]
        for c, e in zip(chosen, expected, strict=True):
            assert (c.n_success, c.n_trials) == (e["n-success"], e["n-trials"])
            assert c.best_agree == e.get("best-agree", False)
            assert c.n_agree == e.get("n-agree")
            for mine, theirs in (
                (c.p_success, e["p-success"]),
                (c.p_test, e["p-test"]),
                (c.repness, e["repness"]),
            ):
                worst = max(worst, abs(mine - theirs))
            assert np.float32(c.repness_test) == np.float32(e["repness-test"])
    print(f"\n{case.name}: repness max |diff| = {worst:.3g}")
    assert worst < TOL


def test_consensus(case: PolisCase) -> None:
    m = case.math
    mat = zero_out(case.matrix, m["mod-out"])
    rows = np.array([p in set(m["in-conv"]) for p in mat.participants])
    a, d, s = mat.counts(rows)
    cons = select_consensus(mat.statements, a, d, s, frozenset(m["mod-out"]))
    worst = 0.0
    for mine, theirs in (
        (cons.agree, m["consensus"]["agree"]),
        (cons.disagree, m["consensus"]["disagree"]),
    ):
        assert [c.tid for c in mine] == [e["tid"] for e in theirs]
        for c, e in zip(mine, theirs, strict=True):
            assert (c.n_success, c.n_trials) == (e["n-success"], e["n-trials"])
            worst = max(worst, abs(c.p_success - e["p-success"]), abs(c.p_test - e["p-test"]))
    print(f"\n{case.name}: consensus max |diff| = {worst:.3g}")
    assert worst < TOL


def test_pca_and_priorities(case: PolisCase) -> None:
    m = case.math
    mat = zero_out(case.matrix, m["mod-out"])
    pca = powerit_pca(mat.values)
    # Polis's internal sign is agree = -1, so its centre is the negative of ours
    assert np.abs(pca.center + np.array(m["pca"]["center"])).max() < TOL
    theirs = np.array(m["pca"]["comps"])
    cos = [abs(pca.comps[i] @ theirs[i]) / np.linalg.norm(theirs[i]) for i in range(2)]
    _, ext = comment_projection(pca)
    ext_diff = np.abs(ext - np.array(m["pca"]["comment-extremity"])).max()
    rows = np.array([p in set(m["in-conv"]) for p in mat.participants])
    a, _, s = mat.counts(rows)
    passes = np.count_nonzero(mat.values[rows] == 0, axis=0)
    meta = np.array([t in set(m["meta-tids"]) for t in mat.statements])
    pr = polis_priority(a, passes, s, np.array(m["pca"]["comment-extremity"]), meta)
    rel = max(
        abs(pr[j] - m["comment-priorities"][str(t)]) / pr[j] for j, t in enumerate(mat.statements)
    )
    print(
        f"\n{case.name}: |cos| = {cos}, extremity max |diff| = {ext_diff:.3g}, priority rel diff = {rel:.3g}"
    )
    assert min(cos) > 0.999
    assert rel < TOL


def test_full_pipeline_runs(case: PolisCase) -> None:
    m = case.math
    cfg = EngineConfig(mod_out=frozenset(m["mod-out"]), meta=frozenset(m["meta-tids"]))
    res = run(case.matrix, cfg)
    assert res.in_conv == frozenset(m["in-conv"])
    assert 2 <= len(res.groups) <= 5
    assert sum(len(v) for v in res.groups.values()) == len(res.in_conv)
