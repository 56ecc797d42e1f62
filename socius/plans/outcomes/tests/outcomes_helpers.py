"""Plans for the outcome tests, built through crypto and the models (the record is what is
tested; the citizen's services have their own tests)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from socius.plans import crypto
from socius.plans.models import DomainRating, Goal, GoalRating, Plan, Rater
from socius.plans.signals import ratings_changed
from socius.tests_support.factories import UserFactory


def plan_make(*, municipality: Any, started: datetime.datetime | None = None) -> Plan:
    plan = Plan(owner=UserFactory(), municipality=municipality)
    crypto.plan_start(plan)
    plan.sealed = crypto.seal(
        plan,
        "plan",
        {"title": "Min plan", "domains": [], "themes": [], "outcome_id": uuid.uuid4().hex},
    )
    plan.save()
    if started is not None:
        Plan.objects.filter(pk=plan.pk).update(created_at=started)
        plan.created_at = started
    return plan


def domain_rate(
    plan: Plan, domain: str, score: int, day: int = 1, rater: str = Rater.CITIZEN
) -> None:
    DomainRating.objects.create(
        plan=plan,
        rater=rater,
        rated_on=datetime.date(2026, 1, day),
        sealed=crypto.seal(
            plan, "domain_rating", {"domain": domain, "score": score, "comment": "hemmeligt"}
        ),
    )
    ratings_changed.send(sender=None, plan=plan)


def goal_make(plan: Plan, domain: str, *scores: int, rater: str = Rater.CITIZEN) -> Goal:
    goal = Goal.objects.create(
        plan=plan,
        sealed=crypto.seal(
            plan, "goal", {"text": "Et mål", "why": "", "domain": domain, "baseline": -1}
        ),
    )
    for day, score in enumerate(scores, start=1):
        GoalRating.objects.create(
            goal=goal,
            rater=rater,
            rated_on=datetime.date(2026, 2, day),
            sealed=crypto.seal(plan, "goal_rating", {"score": score, "comment": ""}),
        )
    ratings_changed.send(sender=None, plan=plan)
    return goal


def in_2026(month: int = 2) -> datetime.datetime:
    return datetime.datetime(2026, month, 10, 12, 0, tzinfo=timezone.get_default_timezone())
