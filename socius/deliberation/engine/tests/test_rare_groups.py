"""A party or role with fewer members than the vote minimum must not switch bridging off."""

from __future__ import annotations

import numpy as np
import pytest

from socius.deliberation.engine.bridging import BridgingResult, bridging_scores, declared_groupings
from socius.deliberation.engine.matrix import Vote, build_matrix
from socius.deliberation.engine.state import EngineConfig, run

PEOPLE = range(20)
RARE = 19  # the one person who chose the rare role
PARTY = {p: "A" if p < 10 else "B" for p in PEOPLE}
ROLE = {p: "citizen" for p in PEOPLE} | {RARE: "politician"}


def votes(rare_vote: int = 1) -> list[Vote]:
    """Statement 0: everybody agrees; 1: party A agrees, B disagrees; 2: three in four agree."""
    out = []
    for p in PEOPLE:
        out.append(Vote(p, 0, rare_vote if p == RARE else 1))
        out.append(Vote(p, 1, 1 if PARTY[p] == "A" else -1))
        out.append(Vote(p, 2, -1 if p % 4 == 0 else 1))
    return out


def scores(vote_list: list[Vote], role: dict[int, str]) -> BridgingResult:
    m = build_matrix(vote_list)
    return bridging_scores(m.statements, declared_groupings(m, PARTY, role), min_votes=3)


def test_one_person_with_a_rare_role_does_not_switch_bridging_off() -> None:
    res = scores(votes(), ROLE)
    assert not res.needs_votes.any()
    assert np.isfinite(res.score).all()
    assert res.ranking()[0] == 0
    assert res.weakest_group[1] == "party:B"


def test_the_rare_role_neither_blocks_nor_sets_the_score() -> None:
    # given the one politician disagrees with what everybody else agrees on
    res = scores(votes(rare_vote=-1), ROLE)
    # then the statement still gets a score, and the politician's role is not its weakest group
    assert not res.needs_votes[0]
    assert not res.weakest_group[0].startswith("role:")
    # and the rare label weighs exactly as much as no label at all
    unlabelled = scores(votes(rare_vote=-1), {p: r for p, r in ROLE.items() if p != RARE})
    assert np.array_equal(res.score, unlabelled.score)
    assert res.weakest_group == unlabelled.weakest_group


def test_the_rare_persons_votes_still_count() -> None:
    agrees = scores(votes(rare_vote=1), ROLE)
    disagrees = scores(votes(rare_vote=-1), ROLE)
    # through the overall rate and the person's party (B), one vote moves the score a little
    assert disagrees.score[0] < agrees.score[0]
    assert disagrees.lower_bounds["party:B"][0] < agrees.lower_bounds["party:B"][0]


def test_a_group_as_large_as_the_minimum_still_needs_its_votes() -> None:
    # given three politicians, two of whom have not voted on statement 2
    role = ROLE | {17: "politician", 18: "politician"}
    vote_list = [v for v in votes() if not (v.statement == 2 and v.participant in (17, 18))]
    res = scores(vote_list, role)
    # then statement 2 waits for them, the others do not
    assert res.needs_votes.tolist() == [False, False, True]


@pytest.mark.parametrize("rare_party", [False, True])
def test_the_engine_run_gives_bridging_with_one_rare_label(rare_party: bool) -> None:
    party = PARTY | ({RARE: "C"} if rare_party else {})
    res = run(build_matrix(votes()), EngineConfig(run_mf=False), party, ROLE)
    assert not res.bridging.needs_votes.any()
    assert res.bridging.ranking()[0] == 0
