"""Reads of grant data that are more than a ``.get()``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils import timezone

from socius.core.access import ACTING_ROLES, user_can, users_with_capability
from socius.core.models import Membership
from socius.core.roles import Capability
from socius.grants.models import Application, Message, Pool, ReviewAssignment, Round, Score
from socius.grants.scoring import aggregate, disagreement, weighted_score
from socius.grants.workflows import ApplicationState, RoundState


@dataclass(frozen=True)
class ScoreSummary:
    """An application's scores: per reviewer, per criterion, and over reviewers."""

    reviewer_scores: list[float]
    score: float | None
    spread: float
    disputed: bool
    per_criterion: dict[str, list[int | None]] = field(default_factory=dict)


def _reviews_prefetch() -> Prefetch:
    scores = Score.objects.select_related("criterion")
    return Prefetch(
        "reviews",
        queryset=ReviewAssignment.objects.filter(
            submitted_at__isnull=False, excluded_at__isnull=True
        ).prefetch_related(Prefetch("scores", queryset=scores)),
        to_attr="submitted_reviews",
    )


def application_list_for_round(round_: Round) -> QuerySet[Application]:
    """Submitted (and decided) applications of a round with everything scoring needs.

    Also caches the round's criteria on ``round_``, so scoring every row costs no query."""
    prefetch_related_objects([round_], "criteria")
    return (
        Application.objects.filter(round=round_)
        .exclude(state__in=[ApplicationState.DRAFT, ApplicationState.WITHDRAWN])
        .select_related("organisation", "theme")
        .prefetch_related(_reviews_prefetch(), "gate_checks")
        .order_by("organisation__name", "id")
    )


def application_score(app: Application, round_: Round) -> ScoreSummary:
    """The weighted score per reviewer and the round's aggregate over reviewers.

    Needs ``application_list_for_round``'s prefetch (or loads the reviews itself)."""
    weights = {c.key: c.weight for c in round_.criteria.all()}
    reviews = getattr(app, "submitted_reviews", None)
    if reviews is None:
        reviews = list(
            app.reviews.filter(
                submitted_at__isnull=False, excluded_at__isnull=True
            ).prefetch_related("scores__criterion")
        )
    per_reviewer: list[float] = []
    per_criterion: dict[str, list[int | None]] = {k: [] for k in weights}
    for review in reviews:
        values = {s.criterion.key: s.value for s in review.scores.all()}
        for key in per_criterion:
            per_criterion[key].append(values.get(key))
        result = weighted_score(values, weights)
        if result is not None:
            per_reviewer.append(result)
    if not per_reviewer:
        return ScoreSummary([], None, 0.0, False, per_criterion)
    spread = disagreement(per_reviewer)
    return ScoreSummary(
        per_reviewer,
        aggregate(per_reviewer, round_.aggregation),  # type: ignore[arg-type]
        spread,
        spread > float(round_.dispute_threshold),
        per_criterion,
    )


def round_list_public() -> QuerySet[Round]:
    """Rounds the public can see: every round that has opened."""
    return (
        Round.objects.exclude(state=RoundState.DRAFT).select_related("pool").order_by("-opens_at")
    )


def round_public(slug: str) -> Round | None:
    """One round of ``round_list_public`` by its slug (None: unknown or not public)."""
    return round_list_public().filter(slug=slug).first()


def round_report_published(round_: Round) -> bool:
    """The allocation report is public once the committee's decision is recorded."""
    return bool(round_.state == RoundState.DECIDED)


def round_report(round_: Round) -> list[dict[str, Any]]:
    """The public allocation report of a decided round: who got what, for what, with which scores."""
    rows: list[dict[str, Any]] = []
    for app in application_list_for_round(round_).filter(
        state__in=[ApplicationState.GRANTED, ApplicationState.REJECTED]
    ):
        summary = application_score(app, round_)
        rows.append(
            {
                "organisation": app.organisation.name,
                "cvr": app.organisation.cvr,
                "title": app.title,
                "theme": app.theme.title,
                "theme_slug": app.theme.slug,
                "requested": app.amount_requested,
                "granted": app.granted_amount or 0,
                "score": summary.score,
                "per_criterion": summary.per_criterion,
            }
        )
    rows.sort(key=lambda r: (-Decimal(r["granted"] or 0), str(r["organisation"])))
    return rows


def application_list_for(*, user: Any) -> QuerySet[Application]:
    """Applications of every organisation ``user`` acts for (contact or board member), in any
    state, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(
            organisation__memberships__user=user,
            organisation__memberships__role__in=ACTING_ROLES,
        )
        .select_related("round", "organisation")
        .distinct()
        .order_by("-created_at", "-id")
    )


def review_list_for(*, user: Any) -> QuerySet[ReviewAssignment]:
    """The reviews assigned to ``user`` that are not submitted yet, in rounds still being
    assessed; the round that closed first comes first."""
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(
            reviewer=user,
            submitted_at__isnull=True,
            application__state=ApplicationState.SUBMITTED,
            application__round__state__in=[RoundState.OPEN, RoundState.CLOSED],
        )
        .select_related("application__round", "application__organisation")
        .order_by("application__round__closes_at", "id")
    )


def application_contacts(app: Application) -> list[Any]:
    """The organisation's active contacts: they hear about the application."""
    contacts = Membership.objects.filter(
        organisation=app.organisation, role=Membership.Role.CONTACT, user__is_active=True
    ).select_related("user")
    return [m.user for m in contacts]


def application_answer_recipients(app: Application) -> list[Any]:
    """The staff who asked questions on this application and may still manage grants; if
    nobody asked, everyone who manages grants."""
    asked = get_user_model().objects.filter(
        pk__in=Message.objects.filter(application=app, from_staff=True).values("author_id"),
        is_active=True,
    )
    staff = [u for u in asked if user_can(u, Capability.GRANTS_MANAGE)]
    return staff or list(users_with_capability(Capability.GRANTS_MANAGE))


def round_list_open() -> QuerySet[Round]:
    """Rounds open for applications now, the nearest deadline first."""
    return (
        round_list_public()
        .filter(state=RoundState.OPEN, closes_at__gt=timezone.now())
        .order_by("closes_at", "id")
    )


def round_list_for_theme(theme: Any) -> QuerySet[Round]:
    """Public rounds that set money aside for ``theme`` (a theme minimum), open ones first."""
    return (
        round_list_public()
        .filter(theme_minimums__theme=theme)
        .distinct()
        .order_by("-opens_at", "id")
    )


def pool_list_for_municipality(municipality: Any) -> QuerySet[Pool]:
    """A municipality's grant funds, each with its public rounds (two queries)."""
    rounds = round_list_public()
    return (
        Pool.objects.filter(municipality=municipality)
        .prefetch_related(Prefetch("rounds", queryset=rounds, to_attr="public_rounds"))
        .order_by("name")
    )
