"""Sharing a plan by consent: the citizen's shares, and what a professional does through one.

Consent is concrete (retssikkerhedsloven § 11 a; GDPR art. 9(2)(a)): which parts, with whom
(one named professional or one team), why, and until when; at most twelve months ahead. The
citizen revokes it in one click and it stops at the next request, because every professional
request goes through ``access.share_for_professional``, which reads the share again.

Threat model: a professional (or someone with their session) tries to see more than was
shared: another plan, a part or goal that is not shared, a share that ended, was revoked, or
belongs to a team they have left. Every service here checks the share again itself, so a
forged or replayed form cannot widen it; a professional has no service that changes a
share's parts, goals, recipient or period. Someone probing the share form for which e-mail
addresses belong to professionals gets the same error for an unknown address as for a
person who is not a professional. Nothing the citizen or professional writes goes into an
audit entry, a mail, a notification or a log line: mails say that something happened and
link to the page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import require, user_can
from socius.core.audit import audit_action, audit_record
from socius.core.calendar import add_months
from socius.core.mail import notify
from socius.core.roles import Capability
from socius.plans import access
from socius.plans.audit import MODULE
from socius.plans.crypto import seal
from socius.plans.mail import MAIL_PLAN_ACTIVITY, MAIL_SHARED_WITH_YOU
from socius.plans.models import Access, Comment, Goal, Part, Plan, Share, Step, Team

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.plans.models import Document, GoalRating

AUDIT_SHARE_CREATED = audit_action("plans.share.create", gettext_lazy("Plan shared"), module=MODULE)
AUDIT_SHARE_REVOKED = audit_action(
    "plans.share.revoke", gettext_lazy("Sharing revoked"), module=MODULE
)
AUDIT_SHARE_EXPIRED = audit_action(
    "plans.share.expire", gettext_lazy("Sharing ended"), module=MODULE
)
AUDIT_COMMENT_ADDED = audit_action(
    "plans.comment.add", gettext_lazy("Comment on a plan"), module=MODULE
)
AUDIT_STEP_PROPOSED = audit_action(
    "plans.step.propose", gettext_lazy("Step proposed"), module=MODULE
)
AUDIT_STEP_ANSWERED = audit_action(
    "plans.step.answer", gettext_lazy("Proposed step answered"), module=MODULE
)
AUDIT_TEAM_CREATED = audit_action("plans.team.create", gettext_lazy("Team created"), module=MODULE)
AUDIT_TEAM_UPDATED = audit_action("plans.team.update", gettext_lazy("Team changed"), module=MODULE)

SHARE_MONTHS_MAX = 12
PURPOSE_MAX = 500
TEXT_MAX = 2000


def _text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Write a few words.")})
    if len(text) > limit:
        raise ValidationError({field: _("Write at most %(limit)d characters.") % {"limit": limit}})
    return text


def _professional_by_email(email: str, actor: User) -> User:
    # One answer for "no such person" and "not a professional": the form must not tell
    # anyone which addresses have an account.
    refusal = ValidationError(
        {
            "professional_email": _(
                "We cannot share with this e-mail address. Ask the "
                "professional for the address they use here."
            )
        }  # fmt: skip
    )
    email = (email or "").strip()
    if not email or len(email) > 254:
        raise refusal
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if person is None or person.pk == actor.pk:
        raise refusal
    if not user_can(person, Capability.PLANS_PROFESSIONAL):
        raise refusal
    return person


def _check_owner(actor: User, plan: Plan) -> None:
    if plan.owner_id != actor.pk:
        raise PermissionDenied


def _ends_on_check(ends_on: Any, today: datetime.date) -> datetime.date:
    if not isinstance(ends_on, datetime.date):
        raise ValidationError({"ends_on": _("Write a date.")})
    if ends_on < today:
        raise ValidationError({"ends_on": _("The last day cannot be in the past.")})
    if ends_on > add_months(today, SHARE_MONTHS_MAX):
        raise ValidationError({"ends_on": _("You can share for at most 12 months at a time.")})
    return ends_on


def _parts_check(parts: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(str(p) for p in parts))
    if not chosen:
        raise ValidationError({"parts": _("Choose at least one part of your plan.")})
    if any(p not in Part.values for p in chosen):
        raise ValidationError({"parts": _("Choose among the parts shown.")})
    return [p for p in Part.values if p in chosen]


def _recipients(share: Share) -> list[User]:
    if share.professional_id is not None:
        return [share.professional] if share.professional else []
    return list(share.team.members.filter(is_active=True)) if share.team else []


@transaction.atomic
def share_create(
    *,
    actor: User,
    plan: Plan,
    parts: Iterable[str],
    goals: Iterable[Goal] = (),
    professional_email: str = "",
    team: Team | None = None,
    purpose: str,
    ends_on: datetime.date,
    today: datetime.date | None = None,
) -> Share:
    """The citizen shares ``parts`` of their plan (and, for goals and progress, only
    ``goals`` if any are chosen) with one professional (by e-mail) or one team, for
    ``purpose``, until ``ends_on`` inclusive. Logged for the citizen; the recipient gets a
    mail with a link and nothing of the plan."""
    _check_owner(actor, plan)
    today = today or timezone.localdate()
    chosen_parts = _parts_check(parts)
    purpose = _text(purpose, field="purpose", limit=PURPOSE_MAX)
    ends_on = _ends_on_check(ends_on, today)
    if bool(professional_email and professional_email.strip()) == (team is not None):
        raise ValidationError({"professional_email": _("Choose one professional or one team.")})
    professional = _professional_by_email(professional_email, actor) if team is None else None
    if team is not None and not Team.objects.filter(pk=team.pk).exists():
        raise ValidationError({"team": _("Choose among the teams shown.")})
    chosen_goals = list(goals)
    if any(g.plan_id != plan.pk for g in chosen_goals):
        raise ValidationError({"goals": _("Choose among your own goals.")})
    share = Share(
        plan=plan,
        professional=professional,
        team=team,
        parts=chosen_parts,
        ends_on=ends_on,
        sealed=seal(plan, "share", {"purpose": purpose}),
    )
    share.full_clean(exclude=["sealed"])
    share.save()
    share.goals.set(chosen_goals)
    access.access_log(share, plan, actor, Access.Action.SHARED)
    audit_record(
        actor=actor,
        action=AUDIT_SHARE_CREATED,
        target=share,
        data={"parts": chosen_parts, "ends_on": ends_on.isoformat(), "team": bool(team)},
    )
    notify(
        recipients=_recipients(share),
        kind=MAIL_SHARED_WITH_YOU,
        template="plans/mail/share_created",
        context={"ends_on": ends_on},
        link=reverse("plans:shared-plan", args=[share.public_id]),
    )
    return share


@transaction.atomic
def share_revoke(*, actor: User, share: Share, now: datetime.datetime | None = None) -> Share:
    """The citizen ends ``share`` now (one click). Revoking twice changes nothing."""
    _check_owner(actor, share.plan)
    share = Share.objects.select_for_update().get(pk=share.pk)
    if share.revoked_at is not None:
        return share
    share.revoked_at = now or timezone.now()
    share.save(update_fields=["revoked_at"])
    access.access_log(share, share.plan, actor, Access.Action.REVOKED)
    audit_record(actor=actor, action=AUDIT_SHARE_REVOKED, target=share)
    return share


def shares_expire(today: datetime.date | None = None) -> int:
    """Daily: log "Share ended" once for each share whose last day has passed. The share
    already stopped opening anything the day after its last day (access.py); this makes it
    visible in the citizen's log. Returns how many ended."""
    today = today or timezone.localdate()
    due = (
        Share.objects.filter(revoked_at__isnull=True, ends_on__lt=today)
        .exclude(accesses__action=Access.Action.EXPIRED)
        .select_related("plan")
    )
    count = 0
    for share in due.iterator():
        with transaction.atomic():
            locked = Share.objects.select_for_update().get(pk=share.pk)
            if locked.accesses.filter(action=Access.Action.EXPIRED).exists():
                continue
            access.access_log(locked, share.plan, None, Access.Action.EXPIRED)
            audit_record(actor=None, action=AUDIT_SHARE_EXPIRED, target=locked)
            count += 1
    return count


def _holder_check(actor: User, share: Share) -> Share:
    # Read again: a share revoked (or a team left) since the page was shown opens nothing.
    return access.share_for_professional(actor, share.public_id)


def _tell_owner(share: Share) -> None:
    notify(
        recipients=[share.plan.owner],
        kind=MAIL_PLAN_ACTIVITY,
        template="plans/mail/plan_activity",
        link=reverse("plans:share-list"),
    )


@transaction.atomic
def share_viewed(*, actor: User, share: Share) -> Share:
    """A professional opens the shared plan: one line in the citizen's log."""
    share = _holder_check(actor, share)
    access.access_log(share, share.plan, actor, Access.Action.VIEWED)
    return share


@transaction.atomic
def share_document_open(*, actor: User, share: Share, document: Document) -> Any:
    """A professional downloads a shared document: logged, then opened."""
    from socius.plans.services import document_open

    share = _holder_check(actor, share)
    access.require_part(share, Part.DOCUMENTS)
    if document.plan_id != share.plan_id:
        raise PermissionDenied
    access.access_log(share, share.plan, actor, Access.Action.DOWNLOADED)
    return document_open(document=document)


@transaction.atomic
def comment_add(*, actor: User, share: Share, text: str, goal: Goal | None = None) -> Comment:
    """A professional comments on the shared plan, or on one shared goal."""
    share = _holder_check(actor, share)
    if goal is not None:
        if goal.plan_id != share.plan_id:
            raise PermissionDenied
        access.require_part(share, Part.GOALS, goal)
    text = _text(text, field="text", limit=TEXT_MAX)
    plan = share.plan
    comment = Comment.objects.create(
        plan=plan,
        goal=goal,
        share=share,
        author=actor,
        sealed=seal(plan, "comment", {"text": text}),
    )
    access.access_log(share, plan, actor, Access.Action.COMMENTED)
    audit_record(actor=actor, action=AUDIT_COMMENT_ADDED, target=comment)
    _tell_owner(share)
    return comment


@transaction.atomic
def step_propose(*, actor: User, share: Share, goal: Goal, text: str) -> Step:
    """A professional proposes a step towards a shared goal; it waits for the citizen."""
    share = _holder_check(actor, share)
    if goal.plan_id != share.plan_id:
        raise PermissionDenied
    access.require_part(share, Part.GOALS, goal)
    text = _text(text, field="text", limit=TEXT_MAX)
    plan = share.plan
    position = (goal.steps.aggregate(m=Max("position"))["m"] or 0) + 1
    data = {"text": text, "helper": "", "helper_kind": "professional", "due": None}
    step = Step.objects.create(
        goal=goal,
        position=position,
        state=Step.State.PROPOSED,
        proposed_by=actor,
        sealed=seal(plan, "step", data),
    )
    access.access_log(share, plan, actor, Access.Action.PROPOSED)
    audit_record(actor=actor, action=AUDIT_STEP_PROPOSED, target=step)
    _tell_owner(share)
    return step


@transaction.atomic
def step_answer(*, actor: User, step: Step, accept: bool) -> Step:
    """The citizen accepts a proposed step (it becomes one of their steps) or declines it."""
    step = Step.objects.select_for_update().select_related("goal__plan").get(pk=step.pk)
    _check_owner(actor, step.goal.plan)
    if step.state != Step.State.PROPOSED:
        raise ValidationError(_("This step has already been answered."))
    step.state = Step.State.ACTIVE if accept else Step.State.DECLINED
    step.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action=AUDIT_STEP_ANSWERED, target=step, data={"accepted": accept})
    return step


@transaction.atomic
def share_rate(
    *,
    actor: User,
    share: Share,
    goal: Goal,
    score: int,
    comment: str = "",
    today: datetime.date | None = None,
) -> GoalRating:
    """A professional rates progress on a shared goal. Their rating sits beside the
    citizen's (``rater="professional"``) and never replaces it."""
    from socius.plans.services import goal_rate

    share = _holder_check(actor, share)
    if goal.plan_id != share.plan_id:
        raise PermissionDenied
    access.require_part(share, Part.RATINGS, goal)
    rating = goal_rate(
        actor=actor, goal=goal, score=score, comment=comment, today=today, rater="professional"
    )
    access.access_log(share, share.plan, actor, Access.Action.RATED)
    _tell_owner(share)
    return rating


def _members_check(members: Iterable[User]) -> list[User]:
    chosen = list(members)
    if any(not user_can(m, Capability.PLANS_PROFESSIONAL) for m in chosen):
        raise ValidationError({"members": _("Choose among the professionals shown.")})
    return chosen


@transaction.atomic
def team_create(*, actor: User, municipality: Any, name: str, members: Iterable[User]) -> Team:
    """An administrator creates a team of professionals citizens can share with."""
    require(actor, Capability.PLANS_TEAMS)
    team = Team(municipality=municipality, name=_text(name, field="name", limit=200))
    team.full_clean()
    team.save()
    team.members.set(_members_check(members))
    audit_record(actor=actor, action=AUDIT_TEAM_CREATED, target=team)
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, name: str, members: Iterable[User]) -> Team:
    """An administrator renames a team or changes its members. A member taken off loses
    every share with the team at their next request."""
    require(actor, Capability.PLANS_TEAMS)
    team.name = _text(name, field="name", limit=200)
    team.full_clean()
    team.save(update_fields=["name", "updated_at"])
    chosen = _members_check(members)
    before = set(team.members.values_list("pk", flat=True))
    team.members.set(chosen)
    after = {m.pk for m in chosen}
    audit_record(
        actor=actor,
        action=AUDIT_TEAM_UPDATED,
        target=team,
        data={"added": sorted(after - before), "removed": sorted(before - after)},
    )
    return team
