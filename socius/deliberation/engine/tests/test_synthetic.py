"""Planted bridging vs partisan statements: the bridging score must find the bridges."""

from __future__ import annotations

import numpy as np

from socius.deliberation.engine.state import EngineConfig, run
from socius.deliberation.engine.synthetic import make_conversation

SEEDS = range(8)


def _recall(top: list[int], truth: frozenset[int]) -> float:
    return len(set(top) & truth) / len(truth)


def test_bridging_ranks_planted_statements_first() -> None:
    rows = []
    for seed in SEEDS:
        rng = np.random.default_rng(1000 + seed)
        sizes = [int(x) for x in rng.integers(5, 51, int(rng.integers(3, 7)))]
        conv = make_conversation(seed, sizes)
        res = run(conv.matrix, EngineConfig(seed=seed, mf_bootstrap=3), conv.party, conv.role)
        k = len(conv.bridging)
        assert res.mf is not None
        bridge = _recall(res.bridging.ranking()[:k], conv.bridging)
        gac = _recall(
            list(np.argsort(-res.group_aware_consensus, kind="stable")[:k]), conv.bridging
        )
        mf = _recall(list(np.argsort(-res.mf.score(), kind="stable")[:k]), conv.bridging)
        rows.append((seed, len(sizes), bridge, gac, mf))
    print("\nseed parties recall@k: bridging  group-aware-consensus  MF")
    for seed, n, b, g, m in rows:
        print(f"{seed:4d} {n:7d} {b:17.2f} {g:22.2f} {m:4.2f}")
    mean = np.array([r[2:] for r in rows]).mean(axis=0)
    print(f"mean         {mean[0]:17.2f} {mean[1]:22.2f} {mean[2]:4.2f}")
    assert mean[0] >= 0.85
    assert mean[0] > mean[1]
    assert min(r[2] for r in rows) >= 0.6


def test_needs_votes_never_ranked() -> None:
    conv = make_conversation(3, [5, 6, 40], vote_rate=0.3)
    res = run(conv.matrix, EngineConfig(run_mf=False), conv.party, conv.role)
    ranked = set(res.bridging.ranking())
    needs = {t for t, n in zip(res.bridging.statements, res.bridging.needs_votes, strict=True) if n}
    assert needs
    assert not ranked & needs
    assert all(
        np.isnan(res.bridging.score[j]) for j in range(len(needs)) if res.bridging.needs_votes[j]
    )
