"""The demo programme: Aarhus' nine commitments, made through the services, once."""

import re
from decimal import Decimal

import pytest

from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.programme.demo import demo_programme, demo_seed
from socius.programme.models import Action, ActionStatus, Measure, Milestone, Programme, Report
from socius.tests_support.factories import UserFactory


def lix(text: str) -> float:
    words = re.findall(r"[\wæøåÆØÅ]+", text)
    sentences = max(1, len(re.findall(r"[.!?:]", text)))
    long_words = [w for w in words if len(w) > 6]
    return len(words) / sentences + 100 * len(long_words) / len(words)


@pytest.fixture
def demo_admin(db):
    return UserFactory(
        email="admin@socius.example", roles=[Role.ADMINISTRATOR], totp=True, name="Anne"
    )


def test_the_demo_makes_aarhus_programme_once(demo_admin, aarhus_space, atlas):
    lines = demo_seed()
    assert lines
    assert "9 commitments" in lines[0]
    programme = Programme.objects.get(municipality__code="751")
    assert programme.published
    commitments = list(programme.commitments.order_by("number"))
    assert [c.number for c in commitments] == list(range(1, 10))
    assert "whistleblower" in commitments[8].title
    statuses = set(Action.objects.values_list("status", flat=True))
    assert {ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.DONE} <= statuses
    assert Action.objects.get(status=ActionStatus.AT_RISK).status_reason
    assert Milestone.objects.filter(done_on__isnull=False).exists()
    loneliness = Measure.objects.get(indicator_code="ensomhed")
    assert (loneliness.baseline, loneliness.target, loneliness.target_year) == (
        Decimal("11.1"),
        Decimal(9),
        2029,
    )
    assert set(Measure.objects.values_list("indicator_code", flat=True)) == {
        "ensomhed",
        "relativ-fattigdom",
        "neet",
        "gini",
        "lav-social-stoette",
        "beskaeftigelse",
    }
    assert Report.objects.filter(programme=programme, year=2026).exists()
    assert AuditEntry.objects.filter(action="programme.action.status").exists()
    audited = AuditEntry.objects.count()

    assert demo_seed() == []
    assert demo_programme() is None
    assert Programme.objects.count() == 1
    assert AuditEntry.objects.count() == audited


def test_the_demo_texts_are_plain_danish(admin, aarhus_space, atlas):
    assert demo_programme(admin) is not None
    for c in Programme.objects.get().commitments.all():
        assert lix(c.description) < 35, (c.title, lix(c.description))
    for a in Action.objects.all():
        assert lix(a.description) < 35, (a.title, lix(a.description))
