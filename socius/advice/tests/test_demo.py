"""The demo content: ten communities and three advice cases in different states, idempotent."""

import pytest

from socius.advice.demo import demo_seed
from socius.advice.models import AdviceRequest, Community
from socius.core.demo import demo_seed as core_demo_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_communities_and_three_advice_cases_once():
    core_demo_seed()
    assert len(demo_seed()) == 2
    assert Community.objects.count() == 10
    states = sorted(AdviceRequest.objects.values_list("state", flat=True))
    assert states == [
        "closed",
        "in_progress",
        "new",
    ]
    in_progress = AdviceRequest.objects.exclude(state__in=["new", "closed"]).get()
    assert in_progress.messages.count() == 2
    assert in_progress.notes.count() == 1
    closed = AdviceRequest.objects.get(state="closed")
    assert closed.outcome == "created"
    assert closed.people_reached == 12
    assert demo_seed() == []
    assert AdviceRequest.objects.count() == 3
