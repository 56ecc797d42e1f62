"""Reading a plan: every sealed value opened with the plan's key, in one place.

Threat model: a professional must see only the parts a share opens. ``plan_view`` with a
share leaves out, before anything is opened, every goal, rating, note, appointment and
document the share does not open; templates never query the plan themselves. The caller has
already passed the door (access.py) for the plan or the share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from socius.plans import crypto
from socius.plans.access import goals_shared
from socius.plans.models import (
    Comment,
    Document,
    Domain,
    DomainRating,
    Entry,
    Goal,
    GoalRating,
    Part,
    Plan,
    Rater,
    Share,
    Step,
)


@dataclass(frozen=True)
class RatingPoint:
    rated_on: datetime.date
    score: int
    comment: str
    rater: str


@dataclass(frozen=True)
class StepView:
    step: Step
    text: str
    helper_kind: str
    helper: str
    due: datetime.date | None

    @property
    def public_id(self) -> Any:
        return self.step.public_id

    @property
    def state(self) -> str:
        return self.step.state


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    text: str
    why: str
    domain: str
    baseline: int
    reached: bool | None
    steps: list[StepView] = field(default_factory=list)
    ratings: list[RatingPoint] = field(default_factory=list)

    @property
    def public_id(self) -> Any:
        return self.goal.public_id

    @property
    def domain_label(self) -> str:
        return str(Domain(self.domain).label) if self.domain else ""

    @property
    def closed(self) -> bool:
        return self.goal.closed_at is not None

    @property
    def latest_score(self) -> int:
        """The citizen's latest score (the baseline before the first rating)."""
        own = [r.score for r in self.ratings if r.rater == Rater.CITIZEN]
        return own[-1] if own else self.baseline


@dataclass(frozen=True)
class DomainSeries:
    domain: str
    ratings: list[RatingPoint]

    @property
    def label(self) -> str:
        return str(Domain(self.domain).label)

    @property
    def latest_score(self) -> int | None:
        own = [r.score for r in self.ratings if r.rater == Rater.CITIZEN]
        return own[-1] if own else None


@dataclass(frozen=True)
class EntryView:
    entry: Entry
    text: str
    starts: str
    place: str
    with_whom: str

    @property
    def public_id(self) -> Any:
        return self.entry.public_id

    @property
    def starts_at(self) -> datetime.datetime | datetime.date | None:
        if not self.starts:
            return None
        if "T" in self.starts:
            return datetime.datetime.fromisoformat(self.starts)
        return datetime.date.fromisoformat(self.starts)

    @property
    def has_time(self) -> bool:
        return "T" in self.starts


@dataclass(frozen=True)
class DocumentView:
    document: Document
    name: str
    content_type: str

    @property
    def public_id(self) -> Any:
        return self.document.public_id


@dataclass(frozen=True)
class PlanView:
    """A plan opened for one reader: the owner (everything) or a share holder (its parts)."""

    plan: Plan
    title: str
    domains: list[str]
    goals: list[GoalView]
    closed_goals: list[GoalView]
    domain_series: list[DomainSeries]
    entries: list[EntryView]
    documents: list[DocumentView]
    parts: frozenset[str]

    def shows(self, part: str) -> bool:
        return part in self.parts


def plan_meta(plan: Plan) -> dict[str, Any]:
    """The plan's sealed meta: title, chosen domains, themes, outcome_id (and started_on)."""
    return crypto.unseal(plan, "plan", plan.sealed)


def _point(
    plan: Plan, kind: str, rating: GoalRating | DomainRating
) -> tuple[dict[str, Any], RatingPoint]:
    data = crypto.unseal(plan, kind, rating.sealed)
    point = RatingPoint(
        rated_on=rating.rated_on,
        score=int(data["score"]),
        comment=str(data.get("comment", "")),
        rater=rating.rater,
    )
    return data, point


def _step_view(plan: Plan, step: Step) -> StepView:
    data = crypto.unseal(plan, "step", step.sealed)
    due = data.get("due") or ""
    return StepView(
        step=step,
        text=str(data.get("text", "")),
        helper_kind=str(data.get("helper_kind", "")),
        helper=str(data.get("helper", "")),
        due=datetime.date.fromisoformat(due) if due else None,
    )


def _goal_view(plan: Plan, goal: Goal, *, with_steps: bool, with_ratings: bool) -> GoalView:
    data = crypto.unseal(plan, "goal", goal.sealed)
    steps = [_step_view(plan, s) for s in goal.steps.all()] if with_steps else []
    ratings = (
        [_point(plan, "goal_rating", r)[1] for r in goal.ratings.all()] if with_ratings else []
    )
    reached = data.get("reached")
    return GoalView(
        goal=goal,
        text=str(data.get("text", "")),
        why=str(data.get("why", "")) if with_steps else "",
        domain=str(data.get("domain", "")),
        baseline=int(data.get("baseline", -1)),
        reached=None if reached is None else bool(reached),
        steps=steps,
        ratings=ratings,
    )


def _goals_query(plan: Plan, share: Share | None) -> Any:
    goals = goals_shared(share) if share is not None else plan.goals.all()
    steps = Step.objects.select_related("organisation")
    if share is not None:
        steps = steps.exclude(state=Step.State.DECLINED)
    return goals.prefetch_related(
        Prefetch("steps", queryset=steps), Prefetch("ratings", queryset=GoalRating.objects.all())
    )


def _domain_series(plan: Plan) -> list[DomainSeries]:
    by_domain: dict[str, list[RatingPoint]] = {}
    for rating in plan.domain_ratings.all():
        data, point = _point(plan, "domain_rating", rating)
        by_domain.setdefault(str(data["domain"]), []).append(point)
    return [DomainSeries(domain=d, ratings=by_domain[d]) for d in Domain.values if d in by_domain]


def _entry_view(plan: Plan, entry: Entry) -> EntryView:
    data = crypto.unseal(plan, "entry", entry.sealed)
    return EntryView(
        entry=entry,
        text=str(data.get("text", "")),
        starts=str(data.get("starts", "")),
        place=str(data.get("place", "")),
        with_whom=str(data.get("with", "")),
    )


def entry_views(plan: Plan, kinds: set[str] | None = None) -> list[EntryView]:
    """The plan's notes and appointments (newest first), opened."""
    entries = plan.entries.all()
    if kinds is not None:
        entries = entries.filter(kind__in=kinds)
    return [_entry_view(plan, e) for e in entries]


def document_views(plan: Plan) -> list[DocumentView]:
    """The plan's documents (newest first) with their own names."""
    views = []
    for document in plan.documents.all():
        data = crypto.unseal(plan, "document", document.sealed)
        views.append(
            DocumentView(
                document=document, name=str(data["name"]), content_type=str(data["content_type"])
            )
        )
    return views


def _parts_for(share: Share | None) -> frozenset[str]:
    return frozenset(Part.values) if share is None else frozenset(share.parts)


def plan_view(*, plan: Plan, share: Share | None = None) -> PlanView:
    """The plan opened for its owner, or with ``share`` only the parts the share opens."""
    parts = _parts_for(share)
    meta = plan_meta(plan)
    with_steps = Part.GOALS in parts
    with_ratings = Part.RATINGS in parts
    goals: list[GoalView] = []
    closed: list[GoalView] = []
    if with_steps or with_ratings:
        for goal in _goals_query(plan, share):
            view = _goal_view(plan, goal, with_steps=with_steps, with_ratings=with_ratings)
            (closed if view.closed else goals).append(view)
    kinds: set[str] = {
        str(k)
        for k, p in ((Entry.Kind.NOTE, Part.NOTES), (Entry.Kind.APPOINTMENT, Part.APPOINTMENTS))
        if p in parts
    }
    return PlanView(
        plan=plan,
        title=str(meta.get("title", "")),
        domains=list(meta.get("domains", [])),
        goals=goals,
        closed_goals=closed,
        domain_series=_domain_series(plan) if with_ratings else [],
        entries=entry_views(plan, kinds) if kinds else [],
        documents=document_views(plan) if Part.DOCUMENTS in parts else [],
        parts=parts,
    )


def goal_view(*, goal: Goal, share: Share | None = None) -> GoalView:
    """One goal opened with its steps and ratings (for a share: the shared parts)."""
    parts = _parts_for(share)
    goal = _goals_query(goal.plan, share).get(pk=goal.pk)
    return _goal_view(
        goal.plan, goal, with_steps=Part.GOALS in parts, with_ratings=Part.RATINGS in parts
    )


@dataclass(frozen=True)
class CommentView:
    comment: Comment
    text: str


def goal_comments(goal: Goal) -> list[CommentView]:
    """The comments on a goal, oldest first, opened."""
    plan = goal.plan
    return [
        CommentView(comment=c, text=str(crypto.unseal(plan, "comment", c.sealed).get("text", "")))
        for c in goal.comments.select_related("author")
    ]


def progress_series(view: PlanView) -> dict[str, Any]:
    """The numbers behind the progress charts: per open or closed goal its ratings by rater,
    per life domain its ratings by rater."""
    return {
        "goals": [(g, g.ratings) for g in (*view.goals, *view.closed_goals)],
        "domains": [(d, d.ratings) for d in view.domain_series],
    }


# --- one object of the owner's plan (404 otherwise) -----------------------------------------


def goal_of(plan: Plan, public_id: Any) -> Goal:
    """A goal of ``plan`` by its public id, or 404."""
    return get_object_or_404(Goal.objects.select_related("plan"), plan=plan, public_id=public_id)


def step_of(plan: Plan, public_id: Any) -> Step:
    """A step of one of ``plan``'s goals by its public id, or 404."""
    return get_object_or_404(
        Step.objects.select_related("goal__plan"), goal__plan=plan, public_id=public_id
    )


def entry_of(plan: Plan, public_id: Any) -> Entry:
    return get_object_or_404(Entry, plan=plan, public_id=public_id)


def document_of(plan: Plan, public_id: Any) -> Document:
    return get_object_or_404(
        Document.objects.select_related("plan"), plan=plan, public_id=public_id
    )
