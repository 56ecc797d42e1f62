"""Hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import beta

from socius.deliberation.engine.bridging import bridging_scores, group_counts
from socius.deliberation.engine.consensus import group_aware_consensus
from socius.deliberation.engine.factorisation import factorise
from socius.deliberation.engine.matrix import Vote, build_matrix, in_conversation
from socius.deliberation.engine.pca import comment_projection, powerit_pca, project_participants
from socius.deliberation.engine.repness import GroupVotes, prop_test, rep_stats, two_prop_test
from socius.deliberation.engine.routing import polis_priority, viewer_priority
from socius.deliberation.engine.state import EngineConfig, priority_for_viewer, run, update


def test_prop_tests_by_hand() -> None:
    # 2·sqrt(7)·(6/7 - 1/2) for 5 agrees out of 6
    assert prop_test(5, 6) == pytest.approx(2 * math.sqrt(7) * (6 / 7 - 0.5), abs=1e-15)
    # (1,3,1,6) -> (2,4,2,7): pi1=1, pi2=4/7, pooled 6/9
    expected = (1 - 4 / 7) / math.sqrt(6 / 9 * 3 / 9 * (1 / 2 + 1 / 7))
    assert two_prop_test(np.array(1), np.array(3), np.array(1), np.array(6)) == pytest.approx(
        expected
    )
    assert two_prop_test(np.array(5), np.array(5), np.array(5), np.array(5)) == 0.0  # pooled rate 1


def test_group_stats_by_hand() -> None:
    gv = GroupVotes(
        (0, 1),
        (7,),
        np.array([[1], [3]]),
        np.array([[0], [3]]),
        np.array([[1], [6]]),
        np.array([1, 6]),
    )
    st = rep_stats(gv)
    assert st.pa[0, 0] == pytest.approx(2 / 3)
    assert st.ra[0, 0] == pytest.approx((2 / 3) / (4 / 8))
    assert group_aware_consensus(gv)[0] == pytest.approx(2 / 3 * 4 / 8)


def test_inclusion_threshold_and_top_up() -> None:
    votes = [Vote(p, t, 1) for p in range(20) for t in range(p % 4)]
    m = build_matrix(votes, statements=range(10))
    inc = in_conversation(m)
    # nobody reaches min(7, 10) votes, so the 15 most active are taken (ties by id)
    assert len(inc) == 15
    assert all(p % 4 == 3 for p in inc if p % 4 == 3)
    assert {p for p in range(20) if p % 4 == 3} <= inc
    assert in_conversation(m, min_votes=1, greedy_n=0) == {p for p in range(20) if p % 4}


def test_last_vote_wins_and_sign() -> None:
    m = build_matrix([Vote(1, 1, 1), Vote(1, 1, -1), Vote(2, 1, 5)])
    assert m.values.tolist() == [[-1.0], [1.0]]


def test_pca_projection_by_hand() -> None:
    # two statements, perfectly anti-correlated: first component is ±(1, -1)/√2
    v = np.array([[1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]])
    pca = powerit_pca(v, start=np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert abs(pca.comps[0] @ np.array([1, -1]) / math.sqrt(2)) == pytest.approx(1.0)
    sparse = np.array([[1.0, np.nan]])
    proj = project_participants(sparse, pca)
    # one vote out of two: scaled by sqrt(2/1)
    assert proj[0, 0] == pytest.approx(math.sqrt(2) * (1 - pca.center[0]) * pca.comps[0, 0])
    _, ext = comment_projection(pca)
    assert ext.shape == (2,)


def test_priority_by_hand() -> None:
    # A=1, P=0, S=1, E=0: importance = (1 - 1/3)·1·(2/3) = 4/9; factor 1 + 8·2^(-1/5)
    pr = polis_priority(np.array([1]), np.array([0]), np.array([1]), np.array([0.0]))
    assert pr[0] == pytest.approx((4 / 9 * (1 + 8 * 2 ** (-0.2))) ** 2)
    assert (
        polis_priority(
            np.array([1]), np.array([0]), np.array([1]), np.array([0.0]), np.array([True])
        )[0]
        == 49
    )
    boosted = viewer_priority(np.array([1.0, 1.0]), np.array([0, 50]))
    assert boosted[0] == pytest.approx(5.0)
    assert boosted[1] < 1.01


def test_beta_bridging_by_hand() -> None:
    votes = [Vote(p, 0, 1 if p < 8 else -1) for p in range(10)] + [Vote(p, 1, 1) for p in range(10)]
    m = build_matrix(votes)
    gc = group_counts(m, "party", ["A"] * 5 + ["B"] * 5)
    res = bridging_scores(m.statements, [gc], quantile=0.1, prior_strength=2.0, min_votes=3)
    p0 = (8 + 1) / (10 + 2)
    lb_b = beta.ppf(0.1, 2 * p0 + 3, 2 * (1 - p0) + 2)  # group B: 3 agrees of 5
    assert res.score[0] == pytest.approx(lb_b)
    assert res.weakest_group[0] == "party:B"
    assert res.ranking() == [1, 0]
    # a party of two can never cast three votes: it neither gates nor sets the minimum
    small = bridging_scores(
        m.statements, [group_counts(m, "party", ["A"] * 8 + ["B"] * 2)], min_votes=3
    )
    assert not small.needs_votes.any()
    assert small.weakest_group == ("party:A", "party:A")
    # a party of three that has cast two votes on statement 0 holds it back
    m = build_matrix(votes[:9] + votes[10:])
    thin = bridging_scores(
        m.statements, [group_counts(m, "party", ["A"] * 7 + ["B"] * 3)], min_votes=3
    )
    assert thin.needs_votes.tolist() == [True, False]
    assert thin.ranking() == [1]


def test_factorisation_separates_bridge_from_partisan() -> None:
    votes = []
    for p in range(40):
        side = p < 20
        votes.append(Vote(p, 0, 1))  # everyone agrees
        votes.append(Vote(p, 1, 1 if side else -1))  # partisan
        votes.append(Vote(p, 2, -1 if side else 1))  # partisan, other side
        votes.append(Vote(p, 3, 1 if p % 3 else -1))
    m = build_matrix(votes)
    a = factorise(m, lam_f=1.0, iters=30, seed=1)
    b = factorise(m, lam_f=1.0, iters=30, seed=1)
    assert np.array_equal(a.statement_intercept, b.statement_intercept)  # deterministic
    assert a.statement_intercept[0] == max(a.statement_intercept)
    assert abs(a.statement_factor[0]) < abs(a.statement_factor[1])
    party = {p: "L" if p < 20 else "R" for p in range(40)}
    c = factorise(m, party, bootstrap=4, seed=2)
    assert c.intercept_lower is not None
    assert c.intercept_lower[0] <= c.statement_intercept[0] + 1e-9


def test_update_matches_full_counts_and_is_deterministic() -> None:
    rng = np.random.default_rng(0)
    votes = [
        Vote(int(p), int(t), int(rng.choice([-1, 0, 1])))
        for p in range(30)
        for t in range(12)
        if rng.random() < 0.7
    ]
    first, rest = votes[: len(votes) // 2], votes[len(votes) // 2 :]
    cfg = EngineConfig(seed=3)
    r1 = run(build_matrix(first), cfg)
    r2 = update(r1.state, rest)
    full = run(build_matrix(votes), cfg)
    assert r2.state.matrix.participants == full.state.matrix.participants
    np.testing.assert_array_equal(r2.state.matrix.values, full.state.matrix.values)
    assert full.in_conv <= r2.in_conv
    # random votes: close 2nd eigenvalues, so 100 power iterations agree only to ~1e-3
    assert np.abs(np.abs((r2.pca.comps * full.pca.comps).sum(axis=1)) - 1).max() < 1e-2
    again = update(r1.state, rest)
    np.testing.assert_array_equal(again.group_aware_consensus, r2.group_aware_consensus)


def test_update_takes_the_labels_as_they_are_now() -> None:
    """A person who left their party since the last run is no longer counted in it."""
    votes = [Vote(p, t, 1 if (p + t) % 3 else -1) for p in range(12) for t in range(6)]
    cfg = EngineConfig(seed=1)
    party = {p: ("A" if p < 6 else "B") for p in range(12)}
    role = {p: "citizen" for p in range(12)}
    first = run(build_matrix(votes[:40]), cfg, party, role)
    assert first.state.party[0] == "A"

    now_party = {p: label for p, label in party.items() if p != 0}
    now_role = {p: label for p, label in role.items() if p != 1}
    later = update(first.state, votes[40:], now_party, now_role)
    assert 0 not in later.state.party
    assert 1 not in later.state.role
    assert later.state.party == now_party
    full = run(build_matrix(votes), cfg, now_party, now_role)
    assert later.state.party == full.state.party
    assert later.state.role == full.state.role
    # Without new labels the old ones stay.
    assert update(first.state, votes[40:]).state.party == party


def test_viewer_routing_prefers_statements_their_party_has_not_seen() -> None:
    votes = [Vote(p, t, 1) for p in range(20) for t in range(4) if not (p >= 10 and t == 3)]
    party = {p: "A" if p < 10 else "B" for p in range(21)}
    role = {p: "member" for p in range(21)}
    res = run(build_matrix(votes, participants=[20]), EngineConfig(run_mf=False), party, role)
    pr = priority_for_viewer(res, 20)  # a new party-B member
    assert np.argmax(pr) == 3  # party B never voted on statement 3
    ratio = pr / res.priority
    assert ratio[3] == pytest.approx(5.0)  # boost 4·2^0 on top of Polis priority
    assert ratio[0] == pytest.approx(1 + 4 * 2 ** (-10 / 5))  # party B: 10 votes
    seen_by_0 = priority_for_viewer(res, 0)
    assert (seen_by_0 == 0).all()  # participant 0 voted on everything
