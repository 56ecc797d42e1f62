"""Property tests: relabelling or reordering never changes results; a pass adds no agreement."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.deliberation.engine.bridging import bridging_scores, group_counts
from socius.deliberation.engine.consensus import group_aware_consensus
from socius.deliberation.engine.matrix import PASS, Vote, build_matrix, in_conversation
from socius.deliberation.engine.repness import rep_stats
from socius.deliberation.engine.state import EngineConfig, group_votes, run

cells = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 6), st.sampled_from([-1, 0, 1])),
    min_size=5,
    max_size=60,
    unique_by=lambda x: (x[0], x[1]),
)
CFG = EngineConfig(run_mf=False)


def _votes(raw: list[tuple[int, int, int]]) -> list[Vote]:
    return [Vote(p, t, v) for p, t, v in raw]


@settings(max_examples=40, deadline=None)
@given(cells, st.randoms(use_true_random=False))
def test_vote_order_changes_nothing(raw: list[tuple[int, int, int]], rnd: object) -> None:
    votes = _votes(raw)
    shuffled = list(votes)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = run(build_matrix(votes), CFG), run(build_matrix(shuffled), CFG)
    np.testing.assert_array_equal(a.state.matrix.values, b.state.matrix.values)
    assert a.groups == b.groups
    np.testing.assert_array_equal(a.group_aware_consensus, b.group_aware_consensus)
    np.testing.assert_array_equal(a.priority, b.priority)


@settings(max_examples=40, deadline=None)
@given(cells, st.permutations(range(12)), st.permutations(range(7)))
def test_relabelling_participants_and_statements(
    raw: list[tuple[int, int, int]], pperm: list[int], tperm: list[int]
) -> None:
    votes = _votes(raw)
    moved = [Vote(pperm[v.participant], tperm[v.statement], v.value) for v in votes]
    m1, m2 = build_matrix(votes), build_matrix(moved)
    inc1, inc2 = in_conversation(m1), in_conversation(m2)
    # in-conv ties are broken by id, so compare only the threshold-based part
    c1 = {
        p
        for p in inc1
        if np.count_nonzero(m1.voted[m1.participants.index(p)]) >= min(7, len(m1.statements))
    }
    c2 = {
        p
        for p in inc2
        if np.count_nonzero(m2.voted[m2.participants.index(p)]) >= min(7, len(m2.statements))
    }
    assert {pperm[p] for p in c1} == c2
    # same groups (fixed membership rule) -> same statistics per statement
    members = {
        0: [p for p in m1.participants if p % 2 == 0],
        1: [p for p in m1.participants if p % 2],
    }
    members2 = {g: [pperm[p] for p in ms] for g, ms in members.items()}
    gv1, gv2 = group_votes(m1, members), group_votes(m2, members2)
    col = {t: j for j, t in enumerate(m2.statements)}
    order = [col[tperm[t]] for t in m1.statements]
    np.testing.assert_allclose(group_aware_consensus(gv1), group_aware_consensus(gv2)[order])
    np.testing.assert_allclose(rep_stats(gv1).rat, rep_stats(gv2).rat[:, order])
    lab1 = ["x" if p % 3 else "y" for p in m1.participants]
    inv = {pperm[p]: p for p in m1.participants}
    lab2 = ["x" if inv[p] % 3 else "y" for p in m2.participants]
    b1 = bridging_scores(m1.statements, [group_counts(m1, "party", lab1)])
    b2 = bridging_scores(m2.statements, [group_counts(m2, "party", lab2)])
    np.testing.assert_allclose(b1.score, b2.score[order])


@settings(max_examples=40, deadline=None)
@given(cells, st.integers(0, 11), st.integers(0, 6))
def test_adding_a_pass_changes_no_agreement_count(
    raw: list[tuple[int, int, int]], p: int, t: int
) -> None:
    votes = [v for v in _votes(raw) if (v.participant, v.statement) != (p, t)]
    before = build_matrix(votes, participants=[p], statements=[t])
    after = build_matrix([*votes, Vote(p, t, PASS)])
    a0, d0, s0 = before.counts()
    a1, d1, s1 = after.counts()
    np.testing.assert_array_equal(a0, a1)
    np.testing.assert_array_equal(d0, d1)
    assert s1.sum() == s0.sum() + 1
