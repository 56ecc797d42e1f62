"""The citizen's services: sealed at rest, audited without content, checked in shape."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from socius.core.models import AuditEntry, Municipality
from socius.plans import crypto, selectors, services
from socius.plans.models import Domain, DomainRating, Entry, Goal, GoalRating, Plan, Rater, Step
from socius.plans.signals import ratings_changed
from socius.plans.tests.citizen_support import citizen_with_plan
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)
MARK = "Kaninhulemarkør"


def test_it_starts_one_plan_with_sealed_meta() -> None:
    user = UserFactory()
    aarhus = Municipality.objects.get(code="751")
    plan = services.plan_create(
        actor=user, title=MARK, domains=[Domain.HOUSING], municipality=aarhus, today=TODAY
    )
    meta = selectors.plan_meta(Plan.objects.get(pk=plan.pk))
    assert meta["title"] == MARK
    assert meta["domains"] == ["housing"]
    assert meta["themes"] == []
    assert len(meta["outcome_id"]) == 32
    assert MARK.encode() not in bytes(plan.sealed)
    entry = AuditEntry.objects.get(action="plans.plan.create")
    assert MARK not in str(entry.data)
    with pytest.raises(ValidationError):
        services.plan_create(actor=user)
    assert Plan.objects.count() == 1


def test_it_keeps_meta_keys_on_update() -> None:
    user, plan = citizen_with_plan(title="Først")
    outcome_id = selectors.plan_meta(plan)["outcome_id"]
    services.plan_update(actor=user, plan=plan, title="Nu", domains=["work"], municipality=None)
    meta = selectors.plan_meta(Plan.objects.get(pk=plan.pk))
    assert (meta["title"], meta["domains"], meta["outcome_id"]) == ("Nu", ["work"], outcome_id)


def test_it_refuses_unknown_domains() -> None:
    with pytest.raises(ValidationError):
        services.plan_create(actor=UserFactory(), domains=["<script>"])
    assert not Plan.objects.exists()


def test_it_writes_goals_steps_and_ratings_sealed() -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text=MARK, why="fordi", domain="work")
    org: Any = OrganisationFactory()
    services.step_create(
        actor=user, goal=goal, text="Ring", helper_kind="association", organisation=org,
        due=TODAY, today=TODAY,
    )  # fmt: skip
    services.goal_rate(actor=user, goal=goal, score=1, comment="bedre", today=TODAY)
    services.domain_rate(actor=user, plan=plan, domain="work", score=7, today=TODAY)
    assert MARK.encode() not in bytes(Goal.objects.get().sealed)
    view = selectors.plan_view(plan=Plan.objects.get(pk=plan.pk))
    goal_view = view.goals[0]
    assert (goal_view.text, goal_view.why, goal_view.baseline) == (MARK, "fordi", -1)
    assert goal_view.steps[0].text == "Ring"
    assert goal_view.steps[0].step.organisation == org
    assert goal_view.latest_score == 1
    assert view.domain_series[0].latest_score == 7
    assert not AuditEntry.objects.filter(data__icontains=MARK).exists()


@pytest.mark.parametrize(
    ("score", "ok"), [(-2, True), (2, True), (3, False), (-3, False), ("x", False), (True, False)]
)
def test_it_checks_the_goal_scale(score: object, ok: bool) -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text="Mål")
    if ok:
        services.goal_rate(actor=user, goal=goal, score=score, today=TODAY)  # type: ignore[arg-type]
    else:
        with pytest.raises(ValidationError):
            services.goal_rate(actor=user, goal=goal, score=score, today=TODAY)  # type: ignore[arg-type]
    assert GoalRating.objects.count() == (1 if ok else 0)


@pytest.mark.parametrize(("score", "ok"), [(1, True), (10, True), (0, False), (11, False)])
def test_it_checks_the_domain_ladder(score: int, ok: bool) -> None:
    user, plan = citizen_with_plan()
    if ok:
        services.domain_rate(actor=user, plan=plan, domain="health", score=score)
    else:
        with pytest.raises(ValidationError):
            services.domain_rate(actor=user, plan=plan, domain="health", score=score)
    assert DomainRating.objects.count() == (1 if ok else 0)


def test_it_refuses_over_long_text_without_saving() -> None:
    user, plan = citizen_with_plan()
    with pytest.raises(ValidationError) as caught:
        services.goal_create(actor=user, plan=plan, text="a" * (services.TEXT_MAX + 1))
    assert "text" in caught.value.error_dict
    assert not Goal.objects.exists()


def test_it_refuses_a_due_day_in_the_past_or_far_ahead() -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text="Mål")
    for due in (TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=5000)):
        with pytest.raises(ValidationError):
            services.step_create(
                actor=user, goal=goal, text="x", helper_kind="self", due=due, today=TODAY
            )
    assert not Step.objects.exists()


def test_it_closes_a_goal_and_then_refuses_changes() -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text="Mål")
    services.goal_close(actor=user, goal=goal, reached=True)
    view = selectors.plan_view(plan=plan)
    assert not view.goals
    assert view.closed_goals[0].reached is True
    with pytest.raises(ValidationError):
        services.goal_rate(actor=user, goal=goal, score=0)
    with pytest.raises(ValidationError):
        services.step_create(actor=user, goal=goal, text="x", helper_kind="self")


def test_it_marks_a_step_done_once() -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text="Mål")
    step = services.step_create(actor=user, goal=goal, text="x", helper_kind="self")
    services.step_done(actor=user, step=step)
    assert Step.objects.get().state == Step.State.DONE
    with pytest.raises(ValidationError):
        services.step_done(actor=user, step=step)


def test_ratings_send_the_signal_after_commit(django_capture_on_commit_callbacks: Any) -> None:
    user, plan = citizen_with_plan()
    seen: list[Plan] = []

    def receiver(sender: object, plan: Plan, **kwargs: object) -> None:
        seen.append(plan)

    ratings_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            goal = services.goal_create(actor=user, plan=plan, text="Mål")
            assert not seen
            services.goal_rate(actor=user, goal=goal, score=0)
    finally:
        ratings_changed.disconnect(receiver)
    assert seen
    assert seen[-1].pk == plan.pk


def test_professional_ratings_sit_beside_the_citizens() -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text="Mål")
    services.goal_rate(actor=user, goal=goal, score=1, today=TODAY)
    services.goal_rate(actor=UserFactory(), goal=goal, score=-2, today=TODAY, rater="professional")
    view = selectors.goal_view(goal=goal)
    assert view.latest_score == 1
    assert {p.rater for p in view.ratings} == {Rater.CITIZEN, Rater.PROFESSIONAL}


def test_it_writes_appointments_and_notes() -> None:
    user, plan = citizen_with_plan()
    services.entry_create(actor=user, plan=plan, kind="note", text=MARK, today=TODAY)
    services.entry_create(
        actor=user, plan=plan, kind="appointment", text="Jobcenter", starts=TODAY,
        place="Aarhus", with_whom="Lise", today=TODAY,
    )  # fmt: skip
    assert Entry.objects.get(kind="appointment").starts_on == TODAY
    with pytest.raises(ValidationError):
        services.entry_create(actor=user, plan=plan, kind="appointment", text="x", today=TODAY)
    with pytest.raises(ValidationError):
        services.entry_create(actor=user, plan=plan, kind="letter", text="x", today=TODAY)
    views = selectors.entry_views(plan)
    assert {v.text for v in views} == {MARK, "Jobcenter"}
    services.entry_delete(actor=user, entry=Entry.objects.get(kind="note"))
    assert Entry.objects.count() == 1


def test_a_value_from_another_row_does_not_open() -> None:
    user, plan = citizen_with_plan()
    goal = services.goal_create(actor=user, plan=plan, text="Mål")
    with pytest.raises(crypto.SealedValueError):
        crypto.unseal(plan, "step", goal.sealed)


def test_the_demo_plan_is_made_once_with_progress() -> None:
    from socius.plans.demo_citizen import demo_plan

    user = UserFactory()
    plan = demo_plan(user, today=TODAY)
    assert demo_plan(user, today=TODAY).pk == plan.pk
    view = selectors.plan_view(plan=plan)
    assert len(view.goals) == 3
    assert len(view.goals[0].ratings) == 4
    assert {s.domain for s in view.domain_series} == {"work", "health", "housing"}
    assert len(view.entries) == 2
