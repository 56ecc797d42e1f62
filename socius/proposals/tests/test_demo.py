import pytest

from socius.core.demo import demo_seed as core_seed
from socius.proposals.demo import demo_seed
from socius.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_has_proposals_in_different_states_and_runs_twice():
    core_seed()
    assert demo_seed()
    assert demo_seed() == []
    states = set(Proposal.objects.values_list("state", flat=True))
    # The council's demo takes the third to the council (socius/council/tests).
    assert {"published", "threshold", "submitted"} <= states
