"""Opinion groups from the engine's own clustering, replayed over each conversation's history.

Polis updates every few votes and carries its base clusters over from one update to the next,
so its groups depend on the order votes came in.  Replaying the votes 50 at a time, oldest
first, gives Polis's groups on three conversations and its number of groups on all four; see
docs/deliberation.md §4.1 for 4cacski7ha.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from socius.deliberation.engine.clusters import adjusted_rand
from socius.deliberation.engine.state import EngineConfig, replay, replay_groups, update
from socius.deliberation.engine.tests.conftest import load_case

BATCH = 50
# adjusted Rand index against Polis's groups reached by the replay, per conversation
REACHED = {"2dhnep37ie": 1.0, "9fw9a2jeby": 1.0, "2fzs33rmbr": 1.0, "4cacski7ha": 0.77}


def _config(math: dict[str, Any]) -> EngineConfig:
    return EngineConfig(
        mod_out=frozenset(math["mod-out"]), meta=frozenset(math["meta-tids"]), run_mf=False
    )


def _polis_groups(math: dict[str, Any]) -> dict[int, int]:
    base = math["base-clusters"]
    members = dict(zip(base["id"], base["members"], strict=True))
    return {p: g["id"] for g in math["group-clusters"] for b in g["members"] for p in members[b]}


def _agreement(groups: dict[int, tuple[int, ...]], math: dict[str, Any]) -> float:
    theirs = _polis_groups(math)
    ours = {p: g for g, members in groups.items() for p in members}
    pids = sorted(theirs)
    return adjusted_rand(np.array([theirs[p] for p in pids]), np.array([ours[p] for p in pids]))


@pytest.mark.parametrize(("name", "reached"), REACHED.items())
def test_it_reproduces_polis_groups_and_k(name: str, reached: float) -> None:
    case = load_case(name)

    groups = replay_groups(case.votes, _config(case.math), batch=BATCH)

    assert len(groups) == len(case.math["group-clusters"])
    assert _agreement(groups, case.math) >= reached - 0.005


def test_incremental_updates_give_the_replayed_groups() -> None:
    # given the first batch as a full run
    case = load_case("2dhnep37ie")
    cfg = _config(case.math)
    result = replay(case.votes[:BATCH], cfg)

    # when the rest comes in batches through update
    for start in range(BATCH, len(case.votes), BATCH):
        result = update(result.state, case.votes[start : start + BATCH])

    # then the groups are those of the replay, which are Polis's
    assert result.groups == replay_groups(case.votes, cfg, batch=BATCH)
    assert _agreement(result.groups, case.math) == pytest.approx(1.0)


def test_adjusted_rand_ignores_label_names() -> None:
    a = np.array([0, 0, 1, 1, 2])
    assert adjusted_rand(a, np.array([5, 5, 3, 3, 9])) == pytest.approx(1.0)
    assert adjusted_rand(a, np.array([0, 1, 0, 1, 0])) < 0.1
