"""The public pages and the API read in a fixed number of queries: the same with three commitments as
with nine, and with more actions, milestones, status changes and measures."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.programme import services_actions as sa
from socius.programme.models import ActionStatus, Commitment, Direction

D1, D2 = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
INDICATORS = ["ensomhed", "gini", "neet"]


def _queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warms the caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _fill(actor, commitment, n: int) -> None:
    """n actions, each with a status change, two milestones (one reached) and a measure."""
    for i in range(n):
        action = sa.action_save(
            actor=actor,
            commitment=commitment,
            title=f"Handling {commitment.number}.{i}",
            owner="Sociale Forhold",
            starts_on=D1,
            ends_on=D2,
        )
        sa.action_status_change(
            actor=actor, action=action, status=ActionStatus.ON_TRACK, reason="I gang"
        )
        reached = sa.milestone_save(actor=actor, action=action, title="Start", due_on=D1)
        sa.milestone_reach(actor=actor, milestone=reached, done_on=D1)
        sa.milestone_save(actor=actor, action=action, title="Slut", due_on=D2)
        sa.measure_save(
            actor=actor,
            commitment=commitment,
            indicator_code=INDICATORS[i % 3],
            baseline=10,
            baseline_year=2024,
            target=9,
            target_year=2029,
            direction=Direction.DOWN,
            action=action,
        )


def _add_commitments(programme, numbers) -> list[Commitment]:
    return [
        Commitment.objects.create(
            programme=programme,
            number=n,
            slug=f"c{n}",
            title=f"Forpligtelse {n}",
            description="Kort tekst.",
            owner_department="Borgmesterens Afdeling",
        )
        for n in numbers
    ]


def test_the_public_pages_read_in_fixed_queries(client, admin, commitment, atlas):
    programme = commitment.programme
    others = _add_commitments(programme, [2, 3])
    for c in [commitment, *others]:
        _fill(admin, c, 1)
    action = commitment.actions.get()
    urls = [
        reverse("programme:home"),
        reverse("programme:municipality", args=["aarhus"]),
        reverse("programme:commitment-detail", args=["aarhus", commitment.slug]),
        reverse("programme:action-detail", args=[action.public_id]),
        "/api/programmes/751",
    ]
    small = [_queries(client, url) for url in urls]

    for c in [*others, *_add_commitments(programme, range(4, 10))]:
        _fill(admin, c, 2)
    _fill(admin, commitment, 3)
    for i in range(3):
        sa.milestone_save(actor=admin, action=action, title=f"Ekstra {i}", due_on=D2)
    sa.action_status_change(actor=admin, action=action, status=ActionStatus.AT_RISK, reason="Sen")
    sa.measure_save(
        actor=admin,
        commitment=commitment,
        indicator_code="gini",
        baseline=34,
        baseline_year=2024,
        target=33,
        target_year=2029,
        action=action,
    )
    assert programme.commitments.count() == 9
    large = [_queries(client, url) for url in urls]
    assert large == small


def _report_queries(programme) -> int:
    from socius.programme.report import report_content

    with CaptureQueriesContext(connection) as ctx:
        report_content(programme, 2026)
    return len(ctx)


def test_the_yearly_report_reads_in_fixed_queries(admin, commitment, atlas):
    programme = commitment.programme
    for c in [commitment, *_add_commitments(programme, [2, 3])]:
        _fill(admin, c, 1)
    _report_queries(programme)  # warms the caches
    small = _report_queries(programme)
    for c in _add_commitments(programme, range(4, 10)):
        _fill(admin, c, 2)
    assert programme.commitments.count() == 9
    assert _report_queries(programme) == small
