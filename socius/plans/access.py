"""The one door to plans.

A citizen reaches their own plan; a professional reaches a plan only through a share that is
in force now (not revoked, not past its last day) and names them or a team they are a member
of at this moment. Staff never search for citizens: no function here finds a plan by person.
Anything else is a 404, the same for a plan that does not exist, a share that never existed,
a forged or guessed share id, and one revoked a moment ago, so the answer tells nobody
whether a plan exists. Checked on every request: a revocation or a team change takes effect
on the next one."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from socius.plans.models import Access, Goal, Part, Plan, Share


def plan_for_owner(user: Any) -> Plan:
    """The signed-in person's own plan, or 404 (they have none yet)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        return Plan.objects.get(owner=user)
    except Plan.DoesNotExist:
        raise Http404 from None


def shares_in_force(today: datetime.date | None = None) -> QuerySet[Share]:
    """Shares that open something today."""
    today = today or timezone.localdate()
    return Share.objects.filter(revoked_at__isnull=True, ends_on__gte=today)


def shares_for(user: Any, today: datetime.date | None = None) -> QuerySet[Share]:
    """The shares in force that open a plan to ``user`` (named, or through a team they are a
    member of now)."""
    if not getattr(user, "is_authenticated", False):
        return Share.objects.none()
    return shares_in_force(today).filter(Q(professional=user) | Q(team__members=user)).distinct()


def share_for_professional(user: Any, share_public_id: Any) -> Share:
    """The share ``share_public_id`` if it is in force and opens its plan to ``user``, with the
    plan; otherwise 404. The caller logs what the professional does with it (``access_log``)."""
    try:
        return shares_for(user).select_related("plan").get(public_id=share_public_id)
    except (Share.DoesNotExist, ValueError):
        raise Http404 from None


def share_allows(share: Share, part: str, goal: Goal | None = None) -> bool:
    """Whether ``share`` opens ``part`` (a Part value), and for goals, this goal."""
    if part not in share.parts:
        return False
    if goal is None or part not in {Part.GOALS, Part.RATINGS}:
        return True
    chosen = share.goals.all()
    return not chosen or goal in chosen


def require_part(share: Share, part: str, goal: Goal | None = None) -> None:
    """404 unless ``share`` opens ``part`` (and ``goal``): a professional never sees, nor
    learns the existence of, what the citizen did not share."""
    if not share_allows(share, part, goal):
        raise Http404


def goals_shared(share: Share) -> QuerySet[Goal]:
    """The goals ``share`` opens (none unless it shares goals or ratings)."""
    if not {Part.GOALS, Part.RATINGS} & set(share.parts):
        return Goal.objects.none()
    goals = share.plan.goals.all()
    chosen = share.goals.all()
    return goals.filter(pk__in=chosen.values("pk")) if chosen.exists() else goals


def access_log(share: Share | None, plan: Plan, actor: Any, action: str) -> Access:
    """One line of the citizen's access log."""
    return Access.objects.create(plan=plan, share=share, actor=actor, action=action)
