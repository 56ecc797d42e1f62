"""The engine at scale: each vectorised or sparse step against the plain one it replaced.

``reference.py`` holds the earlier implementations (vote-by-vote ``in-conv`` replay, dense
matrix and products, every point against every centre, ``bincount`` ALS).  Where the new code
computes the same thing differently, results must be equal (integers, sets, orders) or agree to
rounding; where an update approximates a full run (``EngineConfig.pca_update_iters``,
``mf_refit_share``), the tolerance stated in docs/deliberation.md is tested here.  The
five-million-vote case lives in ``bench/deliberation.py``, not here.
"""

from __future__ import annotations

import dataclasses
import gc
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from socius.deliberation.engine import blas, tallies
from socius.deliberation.engine import state as state_module
from socius.deliberation.engine.bridging import declared_groupings, group_counts
from socius.deliberation.engine.clusters import CHUNK, _distinct_first, adjusted_rand, kmeans
from socius.deliberation.engine.factorisation import factorise
from socius.deliberation.engine.matrix import (
    Vote,
    VoteLog,
    VoteMatrix,
    admit,
    build_matrix,
    fold,
    in_conversation,
)
from socius.deliberation.engine.pca import (
    Rating,
    gram_stats,
    powerit_pca,
    project_participants,
)
from socius.deliberation.engine.repness import GroupVotes, select_rep_comments
from socius.deliberation.engine.state import EngineConfig, replay, update
from socius.deliberation.engine.synthetic import large_votes
from socius.deliberation.engine.tallies import count_all
from socius.deliberation.engine.tests import reference
from socius.deliberation.engine.tests.conftest import CONVERSATIONS, PolisCase, load_case


@pytest.fixture(params=CONVERSATIONS, scope="module")
def case(request: pytest.FixtureRequest) -> PolisCase:
    return load_case(request.param)


def _dense_equal(m: VoteMatrix, votes: list[Vote]) -> None:
    pids, tids, values = reference.dense(votes)
    assert (m.participants, m.statements) == (pids, tids)
    np.testing.assert_array_equal(m.values, values)


# --- in-conv replay and the matrix build ------------------------------------------------------


def test_admit_equals_the_vote_by_vote_replay_on_the_polis_conversations(case: PolisCase) -> None:
    # given the votes in the order cast, at once and in four batches
    assert admit(case.votes) == reference.admit(case.votes)
    cuts = np.linspace(0, len(case.votes), 5).astype(int)
    base: VoteMatrix | None = None
    ours: frozenset[int] = frozenset()
    theirs: frozenset[int] = frozenset()
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        batch = case.votes[lo:hi]
        # when each batch is folded into the previous matrix
        matrix, ours = fold(batch, base, ours)
        theirs = reference.admit(batch, base, theirs)
        # then both replays admit the same people, and the matrix is the dense one's
        assert ours == theirs
        base = matrix
        _dense_equal(base, case.votes[:hi])
    assert ours == frozenset(case.math["in-conv"])


histories = st.lists(
    st.tuples(st.integers(0, 25), st.integers(0, 9), st.sampled_from([-1, 0, 1])),
    min_size=1,
    max_size=90,
)


@settings(max_examples=150, deadline=None)
@given(
    histories,
    st.lists(st.integers(0, 90), max_size=3),
    st.integers(1, 9),
    st.integers(0, 20),
    st.frozensets(st.integers(0, 40), max_size=3),
)
def test_admit_equals_the_replay_on_random_histories(
    raw: list[tuple[int, int, int]], cuts: list[int], min_votes: int, greedy_n: int,
    admitted: frozenset[int],
) -> None:  # fmt: skip
    """Repeated and changed votes, statements appearing late (thresholds below 7), fewer than
    ``greedy_n`` voters, an earlier ``in-conv`` with people who never voted, in batches."""
    votes = [Vote(*v) for v in raw]
    bounds = sorted({0, len(votes), *(c for c in cuts if c < len(votes))})
    base: VoteMatrix | None = None
    ours, theirs = admitted, admitted
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        batch = votes[lo:hi]
        ours = admit(batch, base, ours, min_votes, greedy_n)
        theirs = reference.admit(batch, base, theirs, min_votes, greedy_n)
        assert ours == theirs
        base = build_matrix(batch, base=base)
        _dense_equal(base, votes[:hi])


@settings(max_examples=40, deadline=None)
@given(histories, st.frozensets(st.integers(0, 9), max_size=4), st.frozensets(st.integers(0, 9)))
def test_moderation_never_changes_who_is_admitted(
    raw: list[tuple[int, int, int]], before: frozenset[int], after: frozenset[int]
) -> None:
    """Polis counts raw votes for ``in-conv``: whichever statements are moderated out, in a
    full replay or in a run and an update, the same people are in."""
    votes = [Vote(*v) for v in raw]
    expected = in_conversation(build_matrix(votes), reference.admit(votes))
    for mod_out in (before, after):
        cfg = EngineConfig(mod_out=mod_out, run_mf=False)
        assert replay(votes, cfg).in_conv == expected
        half = len(votes) // 2
        if half:
            assert update(replay(votes[:half], cfg).state, votes[half:]).in_conv == expected


def test_fold_keeps_the_cached_arrays_exact() -> None:
    """An update inserts into the base's per-entry arrays instead of recomputing them."""
    rng = np.random.default_rng(4)
    votes = [
        Vote(int(p), int(t), int(v)) for p, t, v in rng.integers([0, 0, -1], [60, 30, 2], (900, 3))
    ]
    base = build_matrix(votes[:600])
    # changed votes, new cells, and participants and statements with the highest ids
    more = votes[600:] + [Vote(61, 2, 1), Vote(3, 31, -1), Vote(5, 7, 0)]
    merged, _ = fold(more, base)
    fresh = VoteMatrix(merged.participants, merged.statements, merged.indptr, merged.indices,
                       merged.data)  # fmt: skip
    for name in ("row_index", "cell_keys", "cell_code", "column_counts"):
        np.testing.assert_array_equal(getattr(merged, name), getattr(fresh, name))
    _dense_equal(merged, votes[:600] + more)


def test_the_cached_state_holds_no_per_entry_copies() -> None:
    m = build_matrix([Vote(p, t, 1) for p in range(50) for t in range(20)])
    m.cell_code, m.row_index, m.cell_keys  # noqa: B018 - fill the caches
    again = pickle.loads(pickle.dumps(m))  # noqa: S301 - our own object
    assert set(again.__dict__) == {"participants", "statements", "indptr", "indices", "data"}
    np.testing.assert_array_equal(again.values, m.values)


@pytest.mark.parametrize("parties", [2, 40])
def test_a_cached_state_keeps_its_tally_when_it_is_small(
    parties: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forum caches pickled states: the joint tally travels with one when it is no larger
    than the votes, and the next update then counts only what changed; a larger one is left
    out and counted again."""
    rng = np.random.default_rng(5)
    # two camps, each agreeing where the other disagrees: the same groups after the update
    cells = [(p, t) for p in range(400) for t in range(12) if rng.random() < 0.8]
    rng.shuffle(cells)
    votes = [Vote(p, t, 1 if (p < 200) == (t < 6) else -1) for p, t in cells]
    party = {p: f"P{p % parties}" for p in range(400)}
    first = replay(votes[:-40], EngineConfig(run_mf=False), party, {})
    cached = pickle.loads(pickle.dumps(first.state))  # noqa: S301 - our own object
    small = parties == 2
    assert ("_memo" in cached.matrix.__dict__) is small
    calls: list[int] = []
    counted = tallies.tally
    monkeypatch.setattr(tallies, "tally", lambda *a: calls.append(1) or counted(*a))
    later = update(cached, votes[-40:])
    assert bool(calls) is not small
    fresh = update(first.state, votes[-40:])
    np.testing.assert_array_equal(later.bridging.score, fresh.bridging.score)
    np.testing.assert_array_equal(later.group_votes.seen, fresh.group_votes.seen)  # type: ignore[union-attr]


def test_a_state_cached_before_the_sparse_matrix_still_loads() -> None:
    """The forum caches pickled results; one written by the dense engine must still update."""
    votes = [Vote(p, t, 1 if (p + t) % 3 else -1) for p in range(12) for t in range(6)]
    first = replay(votes[:40], EngineConfig(run_mf=False))
    m = first.state.matrix
    dense = {"participants": m.participants, "statements": m.statements, "values": m.values}
    old = VoteMatrix.__new__(VoteMatrix)
    old.__setstate__(dense)  # what unpickling the dense engine's matrix does
    np.testing.assert_array_equal(old.values, m.values)
    later = update(dataclasses.replace(first.state, matrix=old), votes[40:])
    assert later.in_conv == update(first.state, votes[40:]).in_conv


# --- PCA, projection and counts on the sparse path ---------------------------------------------


def test_sparse_pca_matches_the_dense_one(case: PolisCase) -> None:
    dense = Rating.of(case.matrix, case.math["mod-out"])
    assert dense.is_dense
    sparse = dataclasses.replace(dense, dense_max_cells=0)
    a, b = powerit_pca(dense), powerit_pca(sparse)
    np.testing.assert_array_equal(a.center, b.center)
    # the same power iteration on the same XᵀX, summed in another order
    np.testing.assert_allclose(a.comps, b.comps, atol=1e-9)
    np.testing.assert_allclose(project_participants(dense, a), project_participants(sparse, a),
                               atol=1e-12)  # fmt: skip
    # the co-vote sums are exact integers: XᵀX from them equals the dense product to rounding
    x = np.nan_to_num(dense.dense() - a.center, nan=0.0)
    np.testing.assert_allclose(gram_stats(sparse).gram(a.center), x.T @ x, atol=1e-9)


def test_counts_and_tallies_equal_counting_by_label(case: PolisCase) -> None:
    m, values = case.matrix, case.matrix.values
    rng = np.random.default_rng(1)
    # party and role labels whose cells collide by name: "AxB"+"C" and "A"+"BxC"
    party = {p: str(rng.choice(["A", "AxB", "C"])) for p in m.participants if rng.random() < 0.9}
    role = {p: str(rng.choice(["C", "BxC", "D"])) for p in m.participants if rng.random() < 0.9}
    in_rows = rng.random(len(m.participants)) < 0.7
    group_of = np.where(in_rows, rng.integers(0, 3, len(m.participants)), -1)
    tallies = count_all(m, in_rows, group_of, 3, party, role, min_cell_size=3)
    expected = declared_groupings(m, party, role, 3)
    for ours, theirs in zip(tallies.groupings, expected, strict=False):
        labels = [{"party": party, "role": role}.get(ours.name, {}).get(p) for p in m.participants]
        if ours.name == "party_x_role":
            labels = [
                f"{party[p]}x{role[p]}" if p in party and p in role else None
                for p in m.participants
            ]
            sizes = {lab: labels.count(lab) for lab in set(labels) if lab is not None}
            labels = [lab if lab is not None and sizes[lab] >= 3 else None for lab in labels]
        uniq, agree, seen, members = reference.group_counts(values, labels)
        assert (ours.labels, ours.required) == (uniq, theirs.required)
        for got, want in ((ours.agree, agree), (ours.seen, seen), (ours.members, members)):
            np.testing.assert_array_equal(got, want)
    for got, want in zip(
        (tallies.everyone[:, 2], tallies.everyone[:, 0], tallies.everyone.sum(1)),
        reference.counts(values), strict=True,
    ):  # fmt: skip
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(tallies.in_conv.sum(1), reference.counts(values, in_rows)[2])
    for g in range(3):
        np.testing.assert_array_equal(tallies.groups[g].sum(1),
                                      reference.counts(values, group_of == g)[2])  # fmt: skip
    np.testing.assert_array_equal(group_counts(m, "x", ["a"] * len(m.participants)).seen[0],
                                  reference.counts(values)[2])  # fmt: skip


# --- clustering, representativeness, factorisation ---------------------------------------------


def test_kmeans_on_many_points_takes_lloyds_steps() -> None:
    rng = np.random.default_rng(7)
    n = CHUNK + 2_000  # the large-data path (Hamerly's bounds)
    points = np.concatenate([rng.normal(size=(n // 2, 2)), rng.normal(2.0, 0.5, (n - n // 2, 2))])
    init = points[_distinct_first(points)[:40]].copy()
    ours = kmeans(points, 40, init=init, tol=0.01)
    centers, labels = reference.kmeans(points, 40, init)
    np.testing.assert_array_equal(ours.labels, labels)
    np.testing.assert_array_equal(ours.centers, centers)


def test_distinct_points_as_numpy_finds_them() -> None:
    rng = np.random.default_rng(8)
    points = rng.integers(-3, 4, (CHUNK + 500, 2)).astype(np.float64)
    points[::7] = -0.0  # np.unique takes -0.0 and 0.0 as equal
    _, first = np.unique(points, axis=0, return_index=True)
    np.testing.assert_array_equal(_distinct_first(points), np.sort(first))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 5), st.integers(5, 60))
def test_rep_comments_as_the_statement_by_statement_selection(
    seed: int, n_g: int, n_t: int
) -> None:
    rng = np.random.default_rng(seed)
    seen = rng.integers(0, 40, (n_g, n_t))
    agree = rng.binomial(seen, rng.random((n_g, n_t)))
    disagree = rng.binomial(seen - agree, 0.7)
    gv = GroupVotes(tuple(range(n_g)), tuple(range(100, 100 + n_t)), agree, disagree, seen,
                    seen.max(axis=1))  # fmt: skip
    mod_out = frozenset(rng.choice(gv.statements, int(rng.integers(0, 4))).tolist())
    assert select_rep_comments(gv, mod_out) == reference.select_rep_comments(gv, mod_out)


def test_factorisation_matches_the_bincount_fit() -> None:
    rows, cols, vals, party_of = large_votes(3, 600, 80, 20_000)
    votes = [Vote(int(a), int(b), int(v)) for a, b, v in zip(rows, cols, vals, strict=True)]
    m = build_matrix(votes)
    party = {p: f"P{party_of[p]}" for p in m.participants}
    ours = factorise(m, party, bootstrap=3, seed=2)
    bt, ft, lower = reference.factorise(m.values, m.participants, party, bootstrap=3, seed=2)
    # the same sums in another order; the bootstrap weights participants instead of copying them
    np.testing.assert_allclose(ours.statement_intercept, bt, atol=1e-10)
    np.testing.assert_allclose(ours.statement_factor, ft, atol=1e-10)
    assert ours.intercept_lower is not None
    np.testing.assert_allclose(ours.intercept_lower, lower, atol=1e-10)


# --- updates at scale: the stated tolerances against a full run ---------------------------------


@pytest.fixture(scope="module")
def scaled() -> tuple[VoteLog, VoteLog, EngineConfig]:
    """3,000 x 300 x 60,000 votes and 1 % more, on the sparse path (as past 2,000,000 cells)."""
    r, c, v, _ = large_votes(5, 3_000, 300, 60_600)
    log = VoteLog(r, c, v.astype(np.int8))
    return log[:60_000], log, EngineConfig(seed=0, dense_max_cells=0)


def test_an_update_at_scale_stays_within_the_stated_tolerance(scaled: tuple) -> None:
    base, whole, cfg = scaled
    # given a full run and an update with 1 % more votes
    first = replay(base, cfg)
    later = update(first.state, whole[len(base) :])
    full = replay(whole, cfg)
    # then in-conv and every count are exact; the components within the stated tolerance
    assert later.in_conv == full.in_conv
    np.testing.assert_array_equal(later.state.matrix.values, full.state.matrix.values)
    assert later.consensus == full.consensus
    a, b = later.pca.comps, full.pca.comps
    assert later.pca.iterations <= 2 * cfg.pca_update_iters
    assert np.abs((a * b).sum(axis=1)).min() > 0.999
    assert np.linalg.svd(a @ b.T, compute_uv=False).min() > 0.999
    pa = np.array(list(later.projections.values())) * np.sign((a * b).sum(axis=1))
    pb = np.array(list(full.projections.values()))
    assert np.abs(pa - pb).max() < 0.15 * pb.std()
    ga = {p: g for g, ms in later.groups.items() for p in ms}
    gb = {p: g for g, ms in full.groups.items() for p in ms}
    both = sorted(ga)
    print(f"\nupdate vs full: |cos| {np.abs((a * b).sum(axis=1)).min():.6f}, projections "
          f"{np.abs(pa - pb).max() / pb.std():.3f} std, groups adjusted Rand "
          f"{adjusted_rand(np.array([ga[p] for p in both]), np.array([gb[p] for p in both])):.3f}")  # fmt: skip


@pytest.mark.parametrize("name", ["2fzs33rmbr", "4cacski7ha"])
def test_an_update_on_a_real_conversation_stays_within_the_stated_tolerance(name: str) -> None:
    """Real spectra are not degenerate: three iterations from the previous components land
    close to a converged full run (forced onto the sparse path, as past 2,000,000 cells)."""
    case = load_case(name)
    log = VoteLog.of(case.votes)
    cut = int(len(log) * 0.99)
    cfg = EngineConfig(mod_out=frozenset(case.math["mod-out"]), dense_max_cells=0, run_mf=False)
    later = update(replay(log[:cut], cfg).state, log[cut:])
    full = replay(log, cfg)
    a, b = later.pca.comps, full.pca.comps
    assert np.abs((a * b).sum(axis=1)).min() > 0.999
    pa = np.array(list(later.projections.values())) * np.sign((a * b).sum(axis=1))
    pb = np.array(list(full.projections.values()))
    assert np.abs(pa - pb).max() < 0.15 * pb.std()


def test_the_factorisation_is_carried_until_enough_votes_are_new(scaled: tuple) -> None:
    base, whole, cfg = scaled
    first = replay(base, cfg)
    small = update(first.state, whole[len(base) : len(base) + 600])  # 1 %: carried over
    assert first.mf is not None
    assert small.mf is not None
    np.testing.assert_array_equal(small.mf.statement_intercept, first.mf.statement_intercept)
    assert small.mf.votes_since == 600
    assert len(small.mf.participant_factor) == len(small.state.matrix.participants)
    # the carried fit ranks statements as a refit on the same votes does, to rounding of noise
    refit = factorise(small.state.matrix, iters=cfg.mf_iters, seed=cfg.seed, warm=first.mf)
    assert spearmanr(small.mf.score(), refit.score())[0] > 0.99
    # past mf_refit_share of the votes the fit is redone
    more = whole[: len(base)][: int(len(base) * 0.06)]
    changed = VoteLog(more.participant, more.statement, -more.value)
    later = update(small.state, changed)
    assert later.mf is not None
    assert later.mf.votes_since == 0
    assert not np.array_equal(later.mf.statement_intercept, first.mf.statement_intercept)


def test_small_conversations_update_as_a_full_run_iterates() -> None:
    """Below the sparse path's size an update's power iteration is not capped (Polis's)."""
    case = load_case("4cacski7ha")
    cfg = EngineConfig(mod_out=frozenset(case.math["mod-out"]), run_mf=False)
    result = replay(case.votes[:6_000], cfg)
    result = update(result.state, case.votes[6_000:6_100])
    assert result.pca.iterations > 2 * cfg.pca_update_iters


def test_blas_runs_single_threaded_inside_the_engine_only() -> None:
    libraries = blas._cached_libraries()
    assert libraries  # numpy's and scipy's wheels each bring an OpenBLAS
    before = [int(get()) for get, _ in libraries]
    with blas.one_thread():
        assert all(int(get()) == 1 for get, _ in libraries)
        with blas.one_thread():
            assert all(int(get()) == 1 for get, _ in libraries)
        assert all(int(get()) == 1 for get, _ in libraries)
    assert [int(get()) for get, _ in libraries] == before


def _labels_for(m: VoteMatrix, rng: np.random.Generator, n_groups: int) -> tuple:
    in_rows = rng.random(len(m.participants)) < 0.8
    group_of = np.where(in_rows, rng.integers(0, n_groups, len(m.participants)), -1)
    return in_rows, group_of


def _tallies_equal(a: object, b: object) -> None:
    for name in ("everyone", "in_conv", "groups", "group_sizes"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert [g.labels for g in a.groupings] == [g.labels for g in b.groupings]  # type: ignore[attr-defined]
    for ga, gb in zip(a.groupings, b.groupings, strict=True):  # type: ignore[attr-defined]
        for field in ("agree", "seen", "members"):
            np.testing.assert_array_equal(getattr(ga, field), getattr(gb, field))


@pytest.mark.parametrize(("relabel", "renumber", "counted_again"),
                         [(0.0, False, False), (0.05, False, False), (0.05, True, False),
                          (0.9, False, True)])  # fmt: skip
def test_an_updated_tally_equals_counting_again(
    relabel: float, renumber: bool, counted_again: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a fold, the joint tally is brought up to date from the base's (changed votes, new
    cells, new participants, people who moved to another opinion group, groups numbered
    anew) and equals a count of the merged votes from scratch; when too many people moved it
    is counted again."""
    rng = np.random.default_rng(11)
    votes = [Vote(int(p), int(t), int(v))
             for p, t, v in rng.integers([0, 0, -1], [300, 40, 2], (6000, 3))]  # fmt: skip
    party = {p: f"P{p % 3}" for p in range(320)}
    role = {p: ("a", "b")[p % 2] for p in range(0, 320, 3)}
    base = build_matrix(votes[:5000])
    in_rows, group_of = _labels_for(base, rng, 3)
    count_all(base, in_rows, group_of, 3, party, role, min_cell_size=3)
    # votes that change earlier ones, new cells, and new participants (ids after the base's)
    more = votes[5000:] + [Vote(305, 3, 1), Vote(310, 7, -1), Vote(1, 2, 0)]
    merged, _ = fold(more, base)
    n0 = len(base.participants)
    new_in, new_group = _labels_for(merged, rng, 3)
    new_in[:n0], new_group[:n0] = in_rows, group_of
    moved = (rng.random(n0) < relabel) & (group_of >= 0)
    new_group[:n0][moved] = (group_of[moved] + rng.integers(1, 3, int(moved.sum()))) % 3
    if renumber:  # the same groups, numbered differently by the new clustering
        new_group = np.where(new_group >= 0, (new_group + 1) % 3, -1)
    calls: list[int] = []
    counted = tallies.tally
    monkeypatch.setattr(tallies, "tally", lambda *a: calls.append(1) or counted(*a))
    ours = count_all(merged, new_in, new_group, 3, party, role, min_cell_size=3)
    assert calls == ([1] if counted_again else [])
    fresh = VoteMatrix(merged.participants, merged.statements, merged.indptr, merged.indices,
                       merged.data)  # fmt: skip
    _tallies_equal(ours, count_all(fresh, new_in, new_group, 3, party, role, min_cell_size=3))
    # a new party label among the newcomers changes the label space: counted again
    calls.clear()
    again, _ = fold([Vote(400, 1, 1)], merged)
    party[400] = "P-new"
    in_rows2 = np.append(new_in, True)
    group2 = np.append(new_group, 0)
    ours = count_all(again, in_rows2, group2, 3, party, role, min_cell_size=3)
    assert calls == [1]
    fresh = VoteMatrix(again.participants, again.statements, again.indptr, again.indices,
                       again.data)  # fmt: skip
    _tallies_equal(ours, count_all(fresh, in_rows2, group2, 3, party, role, min_cell_size=3))


def test_the_centred_matrix_shares_the_columns_and_leaves_them_alone() -> None:
    m = build_matrix([Vote(p, t, (p + t) % 3 - 1) for p in range(30) for t in range(8)])
    before = m.indices.copy()
    x = Rating.of(m).centred
    assert np.shares_memory(x.indices, m.indices)
    x @ np.ones(8), x.T @ np.ones(30)  # noqa: B018 - the products it is made for
    np.testing.assert_array_equal(m.indices, before)
    assert not np.shares_memory(m.csr().indices, m.indices)  # other callers still get a copy


def test_the_collector_waits_during_a_run_and_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    counted = state_module.count_all

    def counting(*args: Any, **kwargs: Any) -> Any:  # in the middle of a run
        seen.append(gc.isenabled())
        return counted(*args, **kwargs)

    monkeypatch.setattr(state_module, "count_all", counting)
    votes = [Vote(p, t, 1 if (p + t) % 2 else -1) for p in range(20) for t in range(6)]
    first = replay(votes[:80], EngineConfig(run_mf=False))
    assert gc.isenabled()
    update(first.state, votes[80:])
    assert seen == [False, False]  # paused in both runs (update's run is nested in it)
    assert gc.isenabled()  # and on again after them
    gc.disable()
    try:
        update(first.state, votes[80:])
        assert not gc.isenabled()  # a caller who had it off keeps it off
    finally:
        gc.enable()
