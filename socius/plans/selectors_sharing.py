"""Reading shares, the access log and comments, opened for the people who may read them.

The citizen's side takes their own plan (access.plan_for_owner found it); the
professional's side takes a share that access.share_for_professional found in force. A
fixed number of queries per page, whatever the number of shares."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from socius.plans import access
from socius.plans.crypto import SealedValueError, unseal
from socius.plans.models import Access, Comment, Goal, Part, Plan, Share, Step, Team

if TYPE_CHECKING:
    from socius.accounts.models import User

ACCESS_LOG_LENGTH = 200


@dataclass
class ShareRow:
    share: Share
    purpose: str
    recipient: str
    parts: list[str]
    goals: list[str]
    status: str  # "active", "revoked" or "ended"
    comments: list[CommentRow] = field(default_factory=list)


@dataclass
class CommentRow:
    author: str
    text: str
    at: datetime.datetime
    goal: str


@dataclass
class ProposedStep:
    step: Step
    goal: str
    text: str
    by: str


def _open(plan: Plan, kind: str, sealed: Any, key: str) -> str:
    try:
        return str(unseal(plan, kind, sealed).get(key, ""))
    except SealedValueError:
        return ""


def _recipient(share: Share) -> str:
    if share.professional is not None:
        return share.professional.display_name
    return share.team.name if share.team is not None else ""


def share_status(share: Share, today: datetime.date | None = None) -> str:
    """ "revoked", "ended" or "active" today."""
    today = today or timezone.localdate()
    if share.revoked_at is not None:
        return "revoked"
    return "ended" if share.ends_on < today else "active"


def share_list_for_owner(*, plan: Plan, today: datetime.date | None = None) -> list[ShareRow]:
    """Every share of the citizen's plan, newest first, opened, with its comments."""
    labels = dict(Part.choices)
    shares = (
        plan.shares.select_related("professional", "team")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.only("pk", "plan_id", "sealed")),
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author", "goal").order_by("created_at"),
            ),
        )
        .order_by("-created_at")
    )
    rows = []
    for share in shares:
        comments = [
            CommentRow(
                author=c.author.display_name if c.author else "",
                text=_open(plan, "comment", c.sealed, "text"),
                at=c.created_at,
                goal=_open(plan, "goal", c.goal.sealed, "text") if c.goal else "",
            )
            for c in share.comments.all()
        ]
        rows.append(
            ShareRow(
                share=share,
                purpose=_open(plan, "share", share.sealed, "purpose"),
                recipient=_recipient(share),
                parts=[str(labels[p]) for p in share.parts if p in labels],
                goals=[_open(plan, "goal", g.sealed, "text") for g in share.goals.all()],
                status=share_status(share, today),
                comments=comments,
            )
        )
    return rows


def access_log_for_owner(*, plan: Plan, limit: int = ACCESS_LOG_LENGTH) -> QuerySet[Access]:
    """The newest lines of the citizen's access log, with who and under which share."""
    return plan.accesses.select_related("actor", "share__team").order_by("-at", "-pk")[:limit]


def steps_proposed_for_owner(*, plan: Plan) -> list[ProposedStep]:
    """Steps professionals proposed that wait for the citizen's answer."""
    steps = Step.objects.filter(goal__plan=plan, state=Step.State.PROPOSED).select_related(
        "goal", "proposed_by"
    )
    return [
        ProposedStep(
            step=s,
            goal=_open(plan, "goal", s.goal.sealed, "text"),
            text=_open(plan, "step", s.sealed, "text"),
            by=s.proposed_by.display_name if s.proposed_by else "",
        )
        for s in steps
    ]


def shared_list_for(*, user: User) -> QuerySet[Share]:
    """The shares in force that open a plan to ``user``, with whose plan it is."""
    return (
        access.shares_for(user)
        .select_related("plan__owner", "team")
        .order_by("ends_on", "-created_at")
    )


def share_comments(*, share: Share) -> list[CommentRow]:
    """The comments written through ``share`` (what the professional wrote), oldest first."""
    plan = share.plan
    comments = share.comments.select_related("author", "goal").order_by("created_at")
    return [
        CommentRow(
            author=c.author.display_name if c.author else "",
            text=_open(plan, "comment", c.sealed, "text"),
            at=c.created_at,
            goal=_open(plan, "goal", c.goal.sealed, "text") if c.goal else "",
        )
        for c in comments
    ]


def share_purpose(share: Share) -> str:
    """The citizen's words for why they share."""
    return _open(share.plan, "share", share.sealed, "purpose")


def share_goal_choices(share: Share) -> list[tuple[str, str]]:
    """The goals a professional may comment on, propose a step for or rate: (public id,
    the goal's words). Only goals the share opens, open ones only."""
    goals = access.goals_shared(share).filter(closed_at__isnull=True)
    return [(str(g.public_id), _open(share.plan, "goal", g.sealed, "text")) for g in goals]


def team_list() -> QuerySet[Team]:
    """Every team with its municipality and members (for the administrators)."""
    return Team.objects.select_related("municipality").prefetch_related("members")


def team_choices_for(plan: Plan) -> QuerySet[Team]:
    """The teams a citizen may share with (all teams; a plan's municipality first)."""
    return Team.objects.select_related("municipality").order_by("municipality__name", "name")
