"""A conflict of interest that arises after a review was submitted: the score stops counting."""

import datetime

import pytest
from django.utils import timezone

from socius.core import services as core_services
from socius.core.models import AuditEntry, Membership
from socius.grants import services
from socius.grants.audit import AUDIT_REVIEW_EXCLUDED
from socius.grants.models import Application, ReviewAssignment
from socius.grants.selectors import application_score
from socius.grants.tests.conftest import application_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(open_round, association, citizen, case_handler, reviewers):
    """An application scored 5 by the first reviewer and 1 by the second."""
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    services.application_submit(actor=citizen, app=app)
    for reviewer, value in zip(reviewers, (5, 1), strict=True):
        assignment = services.review_assign(actor=case_handler, app=app, reviewer=reviewer)
        scores = {c.key: value for c in open_round.criteria.all()}
        services.review_submit(actor=reviewer, assignment=assignment, scores=scores)
    assert application_score(app, open_round).reviewer_scores == [5.0, 1.0]
    return app


def _only_the_second_reviewer_counts(client, app, case_handler, reason_text):
    fresh = Application.objects.get(pk=app.pk)
    summary = application_score(fresh, fresh.round)
    assert summary.reviewer_scores == [1.0]
    assert summary.score == pytest.approx(1.0)
    excluded = ReviewAssignment.objects.get(application=app, excluded_at__isnull=False)
    assert excluded.scores.count() == len(summary.per_criterion)  # kept for the record
    entry = AuditEntry.objects.get(action=AUDIT_REVIEW_EXCLUDED)
    assert entry.data["reviewer"] == excluded.reviewer_id
    client.force_login(case_handler)
    page = client.get(f"/tilskud/administration/ansoegning/{app.public_id}/")
    assert page.status_code == 200
    assert "har givet point, men de tæller ikke med" in page.text
    assert reason_text in page.text
    return excluded


def test_a_conflict_declared_after_scoring_stops_the_score_counting(
    client, scored, association, reviewers, case_handler
):
    # when the first reviewer declares a conflict after scoring
    services.conflict_declare(
        actor=reviewers[0], organisation=association, reason="Min søster er formand."
    )
    # then only the second reviewer's score counts, and staff see why
    excluded = _only_the_second_reviewer_counts(client, scored, case_handler, "erklæret inhabil")
    assert excluded.excluded_reason == ReviewAssignment.Exclusion.CONFLICT
    assert AuditEntry.objects.get(action=AUDIT_REVIEW_EXCLUDED).actor_id == reviewers[0].pk


def test_joining_the_applicants_board_after_scoring_stops_the_score_counting(
    client, scored, open_round, association, citizen, reviewers, case_handler
):
    # when the applicant's contact adds the first reviewer to the board
    core_services.membership_set(
        actor=citizen,
        organisation=association,
        user=reviewers[0],
        role=Membership.Role.BOARD_MEMBER,
    )
    # then only the second reviewer's score counts, and staff see why
    excluded = _only_the_second_reviewer_counts(
        client, scored, case_handler, "meldt sig ind i den ansøgende organisation"
    )
    assert excluded.excluded_reason == ReviewAssignment.Exclusion.MEMBERSHIP
    # and the optimiser ranks the application on the counted score only
    type(open_round).objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    open_round.refresh_from_db()
    services.round_close(actor=case_handler, round_=open_round)
    run = services.allocation_run(actor=case_handler, round_=open_round)
    assert [c["score"] for c in run.inputs["candidates"]] == [1.0]


def test_a_membership_saved_outside_the_services_is_caught_too(scored, association, reviewers):
    # an administrator's shell or the admin saves the model directly
    Membership.objects.create(organisation=association, user=reviewers[1], role="member")
    fresh = Application.objects.get(pk=scored.pk)
    assert application_score(fresh, fresh.round).reviewer_scores == [5.0]
    assert AuditEntry.objects.get(action=AUDIT_REVIEW_EXCLUDED).actor_id is None
