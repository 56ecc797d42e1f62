"""The bridging prior is centred on everybody's agreement, not only on those with a party."""

from __future__ import annotations

import pytest
from scipy.stats import beta

from socius.deliberation.engine.matrix import Vote, build_matrix
from socius.deliberation.engine.state import EngineConfig, run

PARTY = {p: "A" if p < 5 else "B" for p in range(10)}  # ten people with a party
EVERYONE = range(40)  # and thirty without one


def test_the_prior_counts_people_without_a_party() -> None:
    # statement 0: people with a party split 6 to 4; the thirty without one all agree
    votes = [Vote(p, 0, 1 if p >= 4 else -1) for p in EVERYONE]
    votes += [Vote(p, 1, 1) for p in EVERYONE]  # a second statement, so the engine has two
    result = run(build_matrix(votes), EngineConfig(run_mf=False), party=PARTY)
    agrees, seen = 36, 40  # everybody who voted on statement 0
    p0 = (agrees + 1) / (seen + 2)
    # party A: people 0-4, of whom only person 4 agrees
    expected = beta.ppf(0.10, 2.0 * p0 + 1, 2.0 * (1 - p0) + 4)
    assert result.bridging.lower_bounds["party:A"][0] == pytest.approx(expected, abs=1e-12)
    # centred on the party members alone (6 of 10 agree) the bound would be lower
    p_party = (6 + 1) / (10 + 2)
    assert beta.ppf(0.10, 2.0 * p_party + 1, 2.0 * (1 - p_party) + 4) < expected - 0.01
