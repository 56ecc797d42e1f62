"""A round from start to finish through the services, as staff, applicants and reviewers use them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socius.core.models import AuditEntry, RoleAssignment
from socius.core.roles import Role
from socius.grants import services
from socius.grants.models import Application, Report
from socius.grants.selectors import application_score, round_report
from socius.grants.tests.conftest import application_data, close_and_decide
from socius.grants.workflows import ApplicationState, RoundState
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _submitted(round_, organisation, actor, **overrides):
    app = services.application_create(
        actor=actor, round_=round_, organisation=organisation, **application_data(**overrides)
    )
    services.application_submit(actor=actor, app=app)
    return app


def _score_all(assignment, actor, value, na=()):
    scores = {
        c.key: (None if c.key in na else value) for c in assignment.application.round.criteria.all()
    }
    return services.review_submit(actor=actor, assignment=assignment, scores=scores)


def test_the_default_rubric_is_copied_and_frozen_when_the_round_opens(open_round, case_handler):
    weights = {c.key: c.weight for c in open_round.criteria.all()}
    assert sum(weights.values()) == Decimal(1)
    assert weights["lasting-communities"] == Decimal("0.25")
    assert open_round.rubric_frozen_at is not None
    with pytest.raises(ValidationError, match="låst"):
        services.criterion_save(
            actor=case_handler,
            round_=open_round,
            key="lasting-communities",
            name="x",
            weight=Decimal("0.5"),
            anchors=["a"] * 6,
        )


def test_a_round_does_not_open_unless_the_weights_add_up(pool, case_handler):
    now = timezone.now()
    round_ = services.round_create(
        actor=case_handler,
        pool=pool,
        name="Skæv",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=1),
        budget=Decimal(1000),
    )
    criterion = round_.criteria.first()
    services.criterion_save(
        actor=case_handler,
        round_=round_,
        key=criterion.key,
        name=criterion.name,
        weight=Decimal("0.5"),
        anchors=criterion.anchors,
    )
    with pytest.raises(ValidationError, match="ikke 100"):
        services.round_open(actor=case_handler, round_=round_)
    assert round_.state == RoundState.DRAFT


def test_only_staff_run_rounds(pool, citizen):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.round_create(
            actor=citizen, pool=pool, name="x", opens_at=now, closes_at=now, budget=Decimal(1)
        )


def test_submission_is_refused_exactly_at_the_deadline(
    open_round, association, citizen, monkeypatch
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    module = "socius.grants.services.applications.timezone.now"
    monkeypatch.setattr(module, lambda: open_round.closes_at)
    with pytest.raises(ValidationError, match="fristen er overskredet"):
        services.application_submit(actor=citizen, app=app)
    monkeypatch.setattr(module, lambda: open_round.closes_at - datetime.timedelta(microseconds=1))
    services.application_submit(actor=citizen, app=app)
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


def test_a_failed_gate_says_which_and_why_and_keeps_the_draft(open_round, association, citizen):
    app = services.application_create(
        actor=citizen,
        round_=open_round,
        organisation=association,
        **application_data(board_unpaid=False),
    )
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=citizen, app=app)
    assert any(m.startswith("Ulønnet bestyrelse:") for m in exc.value.messages)
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT
    assert app.title == "Fællesspisning for ensomme ældre"


def test_the_budget_must_add_up(open_round, association, citizen):
    app = services.application_create(
        actor=citizen,
        round_=open_round,
        organisation=association,
        **application_data(budget_items=[{"activity": "Råvarer", "amount": "1000"}]),
    )
    with pytest.raises(ValidationError, match="30000"):
        services.application_submit(actor=citizen, app=app)


def test_an_organisation_outside_the_municipality_fails_local_roots(open_round, citizen):
    from socius.core.models import Municipality

    other = OrganisationFactory(contact=citizen, municipality=Municipality.objects.get(code="101"))
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=other, **application_data()
    )
    with pytest.raises(ValidationError):
        services.application_submit(actor=citizen, app=app)


def test_only_the_organisations_own_people_apply(open_round, association, outsider):
    with pytest.raises(PermissionDenied):
        services.application_create(
            actor=outsider, round_=open_round, organisation=association, **application_data()
        )


def test_amounts_are_checked(open_round, association, citizen):
    with pytest.raises(ValidationError):
        services.application_create(
            actor=citizen,
            round_=open_round,
            organisation=association,
            **application_data(minimum_amount=Decimal(40_000)),
        )
    with pytest.raises(ValidationError):
        services.application_create(
            actor=citizen,
            round_=open_round,
            organisation=association,
            **application_data(amount_requested=Decimal(200_000)),
        )


def test_staff_decide_a_manual_gate_and_the_applicant_is_told(
    open_round, association, citizen, case_handler, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = _submitted(open_round, association, citizen)
    assert any("modtaget" in m["Subject"] for m in mailbox.messages)
    with django_capture_on_commit_callbacks(execute=True):
        services.gate_check_set(
            actor=case_handler,
            app=app,
            gate="voluntary_core",
            passed=False,
            reason="Aktiviteten drives af ansatte.",
        )
    app.refresh_from_db()
    assert app.state == ApplicationState.INELIGIBLE
    assert "Aktiviteten drives af ansatte." in mailbox.body_of(mailbox.messages[-1])
    with pytest.raises(ValidationError):
        services.gate_check_set(
            actor=case_handler, app=app, gate="voluntary_core", passed=False, reason=""
        )
    services.gate_check_set(
        actor=case_handler, app=app, gate="voluntary_core", passed=True, reason=""
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.SUBMITTED


def test_conflicts_of_interest_block_reviews(
    open_round, association, citizen, case_handler, reviewers
):
    app = _submitted(open_round, association, citizen)
    services.conflict_declare(
        actor=reviewers[0], organisation=association, reason="Jeg sidder i bestyrelsen."
    )
    with pytest.raises(ValidationError, match="inhabil"):
        services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0])
    with pytest.raises(ValidationError):
        services.review_assign(
            actor=case_handler, app=app, reviewer=citizen
        )  # not a reviewer, and a member


def test_not_applicable_renormalises_and_reviewers_must_score_within_0_to_5(
    open_round, association, citizen, case_handler, reviewers
):
    app = _submitted(open_round, association, citizen)
    first = services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0])
    second = services.review_assign(actor=case_handler, app=app, reviewer=reviewers[1])
    assert _score_all(first, reviewers[0], 4) == pytest.approx(4.0)
    assert _score_all(second, reviewers[1], 2, na={"municipal-cooperation"}) == pytest.approx(2.0)
    bad = {c.key: 7 for c in open_round.criteria.all()}
    with pytest.raises(ValidationError):
        services.review_submit(actor=reviewers[0], assignment=first, scores=bad)
    with pytest.raises(PermissionDenied):
        services.review_submit(actor=reviewers[1], assignment=first, scores={k: 1 for k in bad})
    summary = application_score(Application.objects.get(pk=app.pk), open_round)
    assert summary.score == pytest.approx(3.0)  # median of 4 and 2
    assert summary.disputed  # sample standard deviation 1.41 > 1.00


def test_a_round_from_allocation_to_reporting_back(
    open_round,
    association,
    citizen,
    case_handler,
    reviewers,
    django_capture_on_commit_callbacks,
    mailbox,
):
    strong = _submitted(open_round, association, citizen)
    other_contact = UserFactory()
    weak_org = OrganisationFactory(name="Strikkeklubben", contact=other_contact, kind="club")
    weak = _submitted(
        open_round,
        weak_org,
        other_contact,
        amount_requested=Decimal(90_000),
        minimum_amount=Decimal(80_000),
        budget_items=[{"activity": "Garn", "amount": "90000"}],
    )
    for app, value in ((strong, 5), (weak, 2)):
        for reviewer in reviewers:
            _score_all(
                services.review_assign(actor=case_handler, app=app, reviewer=reviewer),
                reviewer,
                value,
            )

    with pytest.raises(ValidationError, match="efter"):
        services.round_close(actor=case_handler, round_=open_round)
    type(open_round).objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    open_round.refresh_from_db()
    services.round_close(actor=case_handler, round_=open_round)

    run = services.allocation_run(actor=case_handler, round_=open_round)
    assert run.result["amounts"][str(strong.public_id)] == 30_000
    # 70.000 kr. left, but the weak application needs at least 80.000 kr.
    assert run.result["amounts"][str(weak.public_id)] == 0

    services.amount_lock(
        actor=case_handler, app=Application.objects.get(pk=strong.pk), amount=Decimal(20_000)
    )
    run = services.allocation_run(actor=case_handler, round_=open_round)
    assert run.result["amounts"][str(strong.public_id)] == 20_000
    assert run.result["amounts"][str(weak.public_id)] == 80_000
    assert AuditEntry.objects.filter(action="grants.allocation.run").count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.round_decide(
            actor=case_handler,
            round_=open_round,
            run=run,
            body="Socialudvalget",
            decided_on=datetime.date(2027, 6, 1),
        )
    strong.refresh_from_db()
    assert strong.state == ApplicationState.GRANTED
    assert strong.granted_amount == Decimal(20_000)
    assert "delvist" in strong.decision_reason
    assert any("Afgørelse" in m["Subject"] for m in mailbox.messages)

    rows = round_report(open_round)
    assert [r["organisation"] for r in rows] == ["Strikkeklubben", "Spisefællesskabet Gellerup"]

    with pytest.raises(ValidationError, match="specificer"):
        services.report_submit(
            actor=citizen,
            app=strong,
            activities="Fællesspisning",
            people_reached=35,
            spending_items=[{"activity": "Alt", "amount": "15000"}],
        )
    report = services.report_submit(
        actor=citizen,
        app=strong,
        activities="Fællesspisning",
        people_reached=35,
        spending_items=[
            {"activity": "Råvarer", "amount": "12000"},
            {"activity": "Husleje", "amount": "3000"},
        ],
    )
    assert report.repaid_amount == Decimal(5000)
    assert Report.objects.count() == 1


def test_reporting_reminders_go_out_once_before_and_once_after_the_deadline(
    open_round,
    association,
    citizen,
    case_handler,
    reviewers,
    mailbox,
    django_capture_on_commit_callbacks,
):
    from socius.grants.reminders import reminders_send

    app = _submitted(open_round, association, citizen)
    for reviewer in reviewers:
        _score_all(
            services.review_assign(actor=case_handler, app=app, reviewer=reviewer), reviewer, 4
        )
    close_and_decide(open_round, case_handler)
    deadline = open_round.report_deadline
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(deadline - datetime.timedelta(days=40)) == (0, 0)
        assert reminders_send(deadline - datetime.timedelta(days=10)) == (1, 0)
        assert reminders_send(deadline - datetime.timedelta(days=9)) == (0, 0)
        assert reminders_send(deadline + datetime.timedelta(days=1)) == (0, 1)
        assert reminders_send(deadline + datetime.timedelta(days=2)) == (0, 0)
    assert len(mailbox.messages) == 2
    assert "afrapport" in mailbox.messages[-1]["Subject"].lower()


def test_an_impossible_setup_gives_a_clear_message_and_changes_nothing(
    open_round, association, citizen, case_handler, reviewers
):
    other_contact = UserFactory()
    apps = [
        _submitted(
            open_round,
            association,
            citizen,
            amount_requested=Decimal(60_000),
            minimum_amount=Decimal(50_000),
            budget_items=[{"activity": "Leje", "amount": "60000"}],
        ),
        _submitted(
            open_round,
            OrganisationFactory(contact=other_contact),
            other_contact,
            amount_requested=Decimal(60_000),
            minimum_amount=Decimal(50_000),
            budget_items=[{"activity": "Leje", "amount": "60000"}],
        ),
    ]
    for app in apps:
        _score_all(
            services.review_assign(actor=case_handler, app=app, reviewer=reviewers[0]),
            reviewers[0],
            3,
        )
        services.amount_lock(actor=case_handler, app=app, amount=Decimal(60_000))
    with pytest.raises(ValidationError, match="hele kroner"):
        services.amount_lock(actor=case_handler, app=apps[0], amount=Decimal("55000.50"))
    type(open_round).objects.filter(pk=open_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    open_round.refresh_from_db()
    services.round_close(actor=case_handler, round_=open_round)
    with pytest.raises(ValidationError, match="budget"):
        services.allocation_run(
            actor=case_handler, round_=open_round
        )  # 120.000 kr locked, 100.000 kr budget
    open_round.refresh_from_db()
    assert open_round.state == RoundState.CLOSED
    assert not open_round.allocation_runs.exists()


def test_an_applicants_answer_is_mailed_to_the_staff_who_asked(
    open_round, association, citizen, case_handler, mailbox, django_capture_on_commit_callbacks
):
    other_staff = UserFactory(roles=[Role.ADMINISTRATOR], totp=True, email="admin@example.dk")
    app = _submitted(open_round, association, citizen)

    # Nobody asked yet: a message from the applicant goes to everyone who manages grants.
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=citizen, app=app, body="Vi har fået en ny kasserer.")
    first = {m["To"] for m in mailbox.messages}
    assert {case_handler.email, other_staff.email} <= first
    assert citizen.email not in first

    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=case_handler, app=app, body="Hvor mange frivillige er I?")
    before = len(mailbox.messages)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=citizen, app=app, body="Vi er 12 frivillige.")
    answer = mailbox.messages[before:]
    assert [m["To"] for m in answer] == [case_handler.email]
    body = mailbox.body_of(answer[0])
    assert association.name in str(answer[0]["Subject"])
    assert f"/tilskud/administration/ansoegning/{app.public_id}/" in body
    # The message itself stays on the platform.
    assert "12 frivillige" not in body

    # A case handler who lost the role is not told; the others are.
    RoleAssignment.objects.filter(user=case_handler).delete()
    before = len(mailbox.messages)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=citizen, app=app, body="Og 3 i bestyrelsen.")
    assert [m["To"] for m in mailbox.messages[before:]] == [other_staff.email]
