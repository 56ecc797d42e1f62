"""Keeping each plan's outcome record in step with its ratings (receivers of
``plans.signals``).

The record is computed by opening the plan's ratings with the plan's key (crypto.unseal) in
memory and keeping only numbers: the record has no text, and it is keyed by the random
``outcome_id`` in the plan's sealed meta, so the table of records does not say whose they
are. Only the citizen's own ratings count (a professional's sit beside them)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from socius.core.models import Theme
from socius.plans import crypto
from socius.plans.models import DomainRating, Goal, GoalRating, Plan, Rater
from socius.plans.outcomes.models import OutcomeDomain, OutcomeRecord


def _meta(plan: Plan) -> tuple[str, datetime.date, list[str]]:
    """The plan's outcome id, the day it started (from its meta, else its creation) and the
    slugs of its themes."""
    meta = crypto.unseal(plan, "plan", plan.sealed)
    try:
        started = datetime.date.fromisoformat(str(meta["started_on"]))
    except (KeyError, ValueError):
        started = timezone.localdate(plan.created_at)
    themes = [str(slug) for slug in meta.get("themes") or []]
    return str(meta.get("outcome_id", "")), started, themes


def _domain_numbers(plan: Plan) -> dict[str, dict[str, Any]]:
    numbers: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"first": None, "latest": None, "goals_rated": 0, "goals_reached": 0}
    )
    ratings = DomainRating.objects.filter(plan=plan, rater=Rater.CITIZEN).order_by(
        "rated_on", "created_at", "pk"
    )
    seen: dict[str, int] = defaultdict(int)
    for rating in ratings:
        data = crypto.unseal(plan, "domain_rating", rating.sealed)
        domain, score = str(data.get("domain", "")), data.get("score")
        if not domain or not isinstance(score, int):
            continue
        seen[domain] += 1
        if seen[domain] == 1:
            numbers[domain]["first"] = score
        else:  # "latest" is a later rating than the first; one rating shows no change
            numbers[domain]["latest"] = score
    goals = {goal.pk: goal for goal in Goal.objects.filter(plan=plan)}
    latest: dict[int, int] = {}
    goal_ratings = GoalRating.objects.filter(goal__plan=plan, rater=Rater.CITIZEN).order_by(
        "rated_on", "created_at", "pk"
    )
    for goal_rating in goal_ratings:
        score = crypto.unseal(plan, "goal_rating", goal_rating.sealed).get("score")
        if isinstance(score, int):
            latest[goal_rating.goal_id] = score
    for goal_id, score in latest.items():
        domain = str(crypto.unseal(plan, "goal", goals[goal_id].sealed).get("domain") or "")
        if not domain:
            continue
        numbers[domain]["goals_rated"] += 1
        if score >= 0:
            numbers[domain]["goals_reached"] += 1
    return numbers


@transaction.atomic
def record_refresh(*, plan: Plan) -> OutcomeRecord | None:
    """Recompute ``plan``'s outcome record (none when the plan counts for no municipality,
    or has nothing rated)."""
    outcome_id, started, themes = _meta(plan)
    if not outcome_id:
        return None
    municipality_id = plan.municipality_id
    numbers = _domain_numbers(plan) if municipality_id else {}
    if municipality_id is None or not numbers:
        OutcomeRecord.objects.filter(outcome_id=outcome_id).delete()
        return None
    record, _created = OutcomeRecord.objects.update_or_create(
        outcome_id=outcome_id,
        defaults={
            "municipality_id": municipality_id,
            "year": started.year,
            "quarter": (started.month - 1) // 3 + 1,
        },
    )
    record.themes.set(Theme.objects.filter(slug__in=themes))
    record.domains.all().delete()
    OutcomeDomain.objects.bulk_create(
        OutcomeDomain(
            record=record,
            domain=domain,
            first_score=n["first"],
            latest_score=n["latest"],
            goals_rated=n["goals_rated"],
            goals_reached=n["goals_reached"],
        )
        for domain, n in sorted(numbers.items())
    )
    return record


def record_delete(*, outcome_id: str) -> None:
    """Forget a deleted plan's record."""
    OutcomeRecord.objects.filter(outcome_id=outcome_id).delete()


def on_ratings_changed(sender: Any, *, plan: Plan, **kwargs: Any) -> None:
    plan.refresh_from_db()
    record_refresh(plan=plan)


def on_plan_deleted(sender: Any, *, outcome_id: str, **kwargs: Any) -> None:
    if outcome_id:
        record_delete(outcome_id=outcome_id)
