"""Every write to a citizen's plan: ``<entity>_<verb>(*, actor, ...)``, one transaction each,
audited without content.

Threat model: whatever a person writes (titles, goals, steps, comments, scores, notes, file
names and files) is sealed to the plan's key before it reaches the database or storage
(crypto.py); audit entries name only the action and the row; errors never repeat the text.
Who may call what is decided by the views through access.py: these functions trust their
caller on that and check only the shape of the data, so that a forged POST that passed the
door still cannot store an out-of-range score, an over-long text or a step on a closed goal.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.models import Municipality, Organisation, Theme
from socius.core.uploads import document_check
from socius.plans import audit, crypto
from socius.plans.models import (
    DOMAIN_SCORES,
    GAS_SCORES,
    Document,
    Domain,
    DomainRating,
    Entry,
    Goal,
    GoalRating,
    Plan,
    Rater,
    Step,
)
from socius.plans.signals import ratings_changed

TITLE_MAX = 200
TEXT_MAX = 500
LONG_TEXT_MAX = 2000
NAME_MAX = 200
# Far enough ahead for any real plan; further is a typing slip.
FUTURE_DAYS_MAX = 3 * 366
PAST_DAYS_MAX = 366


class HelperKind:
    """Who helps with a step (stored sealed in the step)."""

    SELF = "self"
    NETWORK = "network"
    PROFESSIONAL = "professional"
    ASSOCIATION = "association"
    ALL = (SELF, NETWORK, PROFESSIONAL, ASSOCIATION)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


# --- checks shared by the services --------------------------------------------------------


def _text(value: Any, *, field: str, limit: int, required: bool = False) -> str:
    text = str(value or "").replace("\x00", "").strip()
    if required and not text:
        raise ValidationError({field: _("Write a few words.")}, code="required")
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("The text is too long. Use at most %(limit)s characters.")
                % {"limit": limit}
            },
            code="max_length",
        )
    return text


def _domain(value: Any, *, field: str = "domain", required: bool = False) -> str:
    domain = str(value or "")
    if not domain and not required:
        return ""
    if domain not in Domain.values:
        raise ValidationError({field: _("Choose a life domain from the list.")}, code="invalid")
    return domain


def _score(value: Any, allowed: tuple[int, ...], *, field: str = "score") -> int:
    try:
        score = int(value)
    except (TypeError, ValueError):
        score = None
    if score not in allowed or isinstance(value, bool):
        raise ValidationError({field: _("Choose one of the steps on the scale.")}, code="invalid")
    return score


def _day(value: Any, *, field: str, today: datetime.date, past_ok: bool) -> datetime.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, datetime.date):
        raise ValidationError({field: _("Write a date.")}, code="invalid")
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not past_ok and day < today:
        raise ValidationError({field: _("Choose today or a later day.")}, code="past")
    if past_ok and day < today - datetime.timedelta(days=PAST_DAYS_MAX):
        raise ValidationError({field: _("The day is more than a year ago.")}, code="past")
    if day > today + datetime.timedelta(days=FUTURE_DAYS_MAX):
        raise ValidationError({field: _("The day is too far ahead.")}, code="future")
    return day


class _PlansRated:
    """``ratings_changed`` for the plans rated in one transaction, sent once per plan when it
    commits: a check-in that rates many goals (or the demo's hundreds of ratings) recomputes
    each plan's outcome record once, not once per rating."""

    def __init__(self, plan: Plan) -> None:
        self.plans: dict[int, Plan] = {plan.pk: plan}
        self.sent = False

    def __call__(self) -> None:
        self.sent = True
        for plan in self.plans.values():
            ratings_changed.send(sender=Plan, plan=plan)


def _ratings_changed_on_commit(plan: Plan) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # The hook already waiting for this transaction, if any. A rolled-back savepoint takes
        # its hooks with it (Django's run_on_commit holds only the live ones), and the next
        # rating then makes a new one; a plan left in a live hook is recomputed from the
        # database as it stands at commit, so an extra one changes nothing. (A hook that has
        # run is never reused: tests run hooks without committing, and they stay listed.)
        for _savepoints, hook, *_robust in connection.run_on_commit:
            if isinstance(hook, _PlansRated) and not hook.sent:
                hook.plans[plan.pk] = plan
                return
    transaction.on_commit(_PlansRated(plan))


# --- the plan -------------------------------------------------------------------------------


def _themes(themes: Iterable[Any]) -> list[str]:
    """The slugs of the platform's active themes the citizen chose (a Theme or a slug)."""
    slugs = {getattr(theme, "slug", theme) for theme in themes}
    known = set(Theme.objects.filter(is_active=True, slug__in=slugs).values_list("slug", flat=True))
    if slugs - known:
        raise ValidationError({"themes": _("Choose themes from the list.")}, code="invalid")
    return sorted(known)


def _meta_seal(plan: Plan, meta: dict[str, Any]) -> None:
    plan.sealed = crypto.seal(plan, "plan", meta)


def plan_create(
    *,
    actor: Any,
    title: str = "",
    domains: Iterable[str] = (),
    municipality: Municipality | None = None,
    themes: Iterable[Any] = (),
    today: datetime.date | None = None,
) -> Plan:
    """Start ``actor``'s own plan (one per person). The sealed meta holds a random
    ``outcome_id``: the only link between the plan and its de-identified outcome record.
    ``themes`` (the platform's themes the plan touches) let the outcome statistics count the
    plan per theme too."""
    today = today or timezone.localdate()
    title = _text(title, field="title", limit=TITLE_MAX)
    chosen = sorted({_domain(d, field="domains", required=True) for d in domains})
    theme_slugs = _themes(themes)
    if Plan.objects.filter(owner_id=actor.pk).exists():
        raise ValidationError(_("You already have a plan."), code="exists")
    plan = Plan(owner=actor, municipality=municipality)
    crypto.plan_start(plan)
    _meta_seal(plan, {
        "title": title,
        "domains": chosen,
        "themes": theme_slugs,
        "outcome_id": uuid.uuid4().hex,
        "started_on": today.isoformat(),
    })  # fmt: skip
    try:
        with transaction.atomic():
            plan.save()
            audit_record(actor=actor, action=audit.AUDIT_PLAN_CREATED, target=plan)
    except IntegrityError:
        # Two tabs starting a plan at once: the one-to-one owner keeps it to one.
        raise ValidationError(_("You already have a plan."), code="exists") from None
    return plan


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    domains: Iterable[str],
    municipality: Municipality | None,
    themes: Iterable[Any] | None = None,
) -> Plan:
    """Change the plan's title, chosen life domains, themes (``None`` keeps them) and the
    municipality it counts for."""
    from socius.plans.selectors import plan_meta

    meta = plan_meta(plan)
    meta["title"] = _text(title, field="title", limit=TITLE_MAX)
    meta["domains"] = sorted({_domain(d, field="domains", required=True) for d in domains})
    rethemed = False
    if themes is not None:
        slugs = _themes(themes)
        rethemed = slugs != meta.get("themes", [])
        meta["themes"] = slugs
    _meta_seal(plan, meta)
    moved = rethemed or plan.municipality_id != (municipality.pk if municipality else None)
    plan.municipality = municipality
    plan.save(update_fields=["sealed", "municipality", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_PLAN_UPDATED, target=plan)
    if moved:
        _ratings_changed_on_commit(plan)
    return plan


# --- goals ----------------------------------------------------------------------------------


def _goal_data(text: str, why: str, domain: str, baseline: Any) -> dict[str, Any]:
    return {
        "text": _text(text, field="text", limit=TEXT_MAX, required=True),
        "why": _text(why, field="why", limit=LONG_TEXT_MAX),
        "domain": _domain(domain),
        "baseline": _score(baseline, GAS_SCORES, field="baseline"),
    }


@transaction.atomic
def goal_create(
    *, actor: Any, plan: Plan, text: str, why: str = "", domain: str = "", baseline: int = -1
) -> Goal:
    """A new goal in the citizen's own words, last in the list."""
    data = _goal_data(text, why, domain, baseline)
    position = plan.goals.count()
    goal = Goal.objects.create(plan=plan, position=position, sealed=crypto.seal(plan, "goal", data))
    audit_record(actor=actor, action=audit.AUDIT_GOAL_CREATED, target=goal)
    _ratings_changed_on_commit(plan)
    return goal


def _goal_open(goal: Goal) -> dict[str, Any]:
    return crypto.unseal(goal.plan, "goal", goal.sealed)


def _goal_open_check(goal: Goal) -> None:
    if goal.closed_at is not None:
        raise ValidationError(_("The goal is closed. Open goals can be changed."), code="closed")


@transaction.atomic
def goal_update(
    *, actor: Any, goal: Goal, text: str, why: str = "", domain: str = "", baseline: int = -1
) -> Goal:
    """Change an open goal's words, life domain or starting point."""
    _goal_open_check(goal)
    data = {**_goal_open(goal), **_goal_data(text, why, domain, baseline)}
    goal.sealed = crypto.seal(goal.plan, "goal", data)
    goal.save(update_fields=["sealed", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_GOAL_UPDATED, target=goal)
    _ratings_changed_on_commit(goal.plan)
    return goal


@transaction.atomic
def goal_close(
    *, actor: Any, goal: Goal, reached: bool, now: datetime.datetime | None = None
) -> Goal:
    """Close a goal: reached, or let go. It stays in the plan, out of the current list."""
    _goal_open_check(goal)
    data = {**_goal_open(goal), "reached": bool(reached)}
    goal.sealed = crypto.seal(goal.plan, "goal", data)
    goal.closed_at = now or timezone.now()
    goal.save(update_fields=["sealed", "closed_at", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_GOAL_CLOSED, target=goal)
    _ratings_changed_on_commit(goal.plan)
    return goal


# --- steps ----------------------------------------------------------------------------------


def _step_data(
    *, text: str, helper_kind: str, helper: str, organisation: Organisation | None, due: Any,
    today: datetime.date, past_ok: bool,
) -> dict[str, Any]:  # fmt: skip
    if helper_kind not in HelperKind.ALL:
        raise ValidationError({"helper_kind": _("Choose who helps from the list.")}, code="invalid")
    if organisation is not None and helper_kind != HelperKind.ASSOCIATION:
        raise ValidationError(
            {"organisation": _("Choose an association only when an association helps.")},
            code="invalid",
        )
    day = _day(due, field="due", today=today, past_ok=past_ok)
    return {
        "text": _text(text, field="text", limit=TEXT_MAX, required=True),
        "helper_kind": helper_kind,
        "helper": _text(helper, field="helper", limit=NAME_MAX),
        "due": day.isoformat() if day else "",
    }


@transaction.atomic
def step_create(
    *,
    actor: Any,
    goal: Goal,
    text: str,
    helper_kind: str,
    helper: str = "",
    organisation: Organisation | None = None,
    due: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Step:
    """A new step towards an open goal, with who helps (an association from the directory
    is linked in clear so that its page can be shown)."""
    _goal_open_check(goal)
    data = _step_data(
        text=text, helper_kind=helper_kind, helper=helper, organisation=organisation, due=due,
        today=today or timezone.localdate(), past_ok=False,
    )  # fmt: skip
    step = Step.objects.create(
        goal=goal,
        position=goal.steps.count(),
        organisation=organisation,
        sealed=crypto.seal(goal.plan, "step", data),
    )
    audit_record(actor=actor, action=audit.AUDIT_STEP_CREATED, target=step)
    return step


@transaction.atomic
def step_update(
    *,
    actor: Any,
    step: Step,
    text: str,
    helper_kind: str,
    helper: str = "",
    organisation: Organisation | None = None,
    due: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Step:
    """Change an active step (a due day already passed may stay)."""
    if step.state != Step.State.ACTIVE:
        raise ValidationError(_("Only active steps can be changed."), code="state")
    plan = step.goal.plan
    data = _step_data(
        text=text, helper_kind=helper_kind, helper=helper, organisation=organisation, due=due,
        today=today or timezone.localdate(), past_ok=True,
    )  # fmt: skip
    step.sealed = crypto.seal(plan, "step", {**crypto.unseal(plan, "step", step.sealed), **data})
    step.organisation = organisation
    step.save(update_fields=["sealed", "organisation", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_STEP_UPDATED, target=step)
    return step


@transaction.atomic
def step_done(*, actor: Any, step: Step) -> Step:
    """Mark an active step as done."""
    if step.state != Step.State.ACTIVE:
        raise ValidationError(_("Only active steps can be marked as done."), code="state")
    step.state = Step.State.DONE
    step.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_STEP_DONE, target=step)
    return step


# --- ratings --------------------------------------------------------------------------------


def _rated_on(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


@transaction.atomic
def goal_rate(
    *,
    actor: Any,
    goal: Goal,
    score: int,
    comment: str = "",
    today: datetime.date | None = None,
    rater: str = Rater.CITIZEN,
) -> GoalRating:
    """A rating of an open goal on the goal attainment scale (-2 to +2). A professional's
    rating (``rater="professional"``, guarded by the share) sits beside the citizen's."""
    if rater not in Rater.values:
        raise ValueError(rater)
    _goal_open_check(goal)
    data = {
        "score": _score(score, GAS_SCORES),
        "comment": _text(comment, field="comment", limit=LONG_TEXT_MAX),
    }
    rating = GoalRating.objects.create(
        goal=goal,
        rater=rater,
        rated_by=actor,
        rated_on=_rated_on(today),
        sealed=crypto.seal(goal.plan, "goal_rating", data),
    )
    audit_record(actor=actor, action=audit.AUDIT_GOAL_RATED, target=rating, data={"rater": rater})
    _ratings_changed_on_commit(goal.plan)
    return rating


@transaction.atomic
def domain_rate(
    *,
    actor: Any,
    plan: Plan,
    domain: str,
    score: int,
    comment: str = "",
    today: datetime.date | None = None,
    rater: str = Rater.CITIZEN,
) -> DomainRating:
    """A rating of one life domain on the ladder from 1 (very bad) to 10 (very good)."""
    if rater not in Rater.values:
        raise ValueError(rater)
    data = {
        "domain": _domain(domain, required=True),
        "score": _score(score, DOMAIN_SCORES),
        "comment": _text(comment, field="comment", limit=LONG_TEXT_MAX),
    }
    rating = DomainRating.objects.create(
        plan=plan,
        rater=rater,
        rated_by=actor,
        rated_on=_rated_on(today),
        sealed=crypto.seal(plan, "domain_rating", data),
    )
    audit_record(actor=actor, action=audit.AUDIT_DOMAIN_RATED, target=rating, data={"rater": rater})
    _ratings_changed_on_commit(plan)
    return rating


# --- notes, appointments and documents ------------------------------------------------------


@transaction.atomic
def entry_create(
    *,
    actor: Any,
    plan: Plan,
    kind: str,
    text: str,
    starts: datetime.datetime | datetime.date | None = None,
    place: str = "",
    with_whom: str = "",
    today: datetime.date | None = None,
) -> Entry:
    """A note, or an appointment with its day (and time), place and with whom."""
    today = today or timezone.localdate()
    if kind not in Entry.Kind.values:
        raise ValidationError(_("Choose a note or an appointment."), code="invalid")
    data: dict[str, Any] = {"text": _text(text, field="text", limit=LONG_TEXT_MAX, required=True)}
    starts_on = None
    if kind == Entry.Kind.APPOINTMENT:
        if starts is None:
            raise ValidationError({"day": _("Write the day of the appointment.")}, code="required")
        starts_on = _day(starts, field="day", today=today, past_ok=True)
        if isinstance(starts, datetime.datetime):
            when = timezone.localtime(starts) if timezone.is_aware(starts) else starts
            data["starts"] = when.isoformat()
        else:
            data["starts"] = starts.isoformat()
        data["place"] = _text(place, field="place", limit=NAME_MAX)
        data["with"] = _text(with_whom, field="with_whom", limit=NAME_MAX)
    entry = Entry.objects.create(
        plan=plan,
        kind=kind,
        starts_on=starts_on,
        author=actor,
        sealed=crypto.seal(plan, "entry", data),
    )
    audit_record(actor=actor, action=audit.AUDIT_ENTRY_CREATED, target=entry)
    return entry


@transaction.atomic
def entry_delete(*, actor: Any, entry: Entry) -> None:
    """Delete a note or an appointment."""
    audit_record(actor=actor, action=audit.AUDIT_ENTRY_DELETED, target=entry)
    entry.delete()


def document_add(*, actor: Any, plan: Plan, upload: Any) -> Document:
    """Check an uploaded file (core.uploads), seal it to the plan's key and store it under a
    random name; its own name and type are sealed in the row."""
    suffix = document_check(upload)
    name = _text(str(upload.name or "").rsplit("/", 1)[-1], field="upload", limit=NAME_MAX)
    upload.seek(0)
    content = upload.read()
    stored = default_storage.save(
        f"plans/{secrets.token_hex(16)}", ContentFile(crypto.seal_bytes(plan, content))
    )
    try:
        with transaction.atomic():
            document = Document.objects.create(
                plan=plan,
                blob=stored,
                size=len(content),
                author=actor,
                sealed=crypto.seal(
                    plan, "document", {"name": name, "content_type": CONTENT_TYPES[suffix]}
                ),
            )
            audit_record(actor=actor, action=audit.AUDIT_DOCUMENT_ADDED, target=document)
    except Exception:
        default_storage.delete(stored)
        raise
    return document


def document_open(*, document: Document) -> tuple[str, str, bytes]:
    """The document's own name, content type and content, opened with the plan's key."""
    plan = document.plan
    meta = crypto.unseal(plan, "document", document.sealed)
    with default_storage.open(document.blob, "rb") as handle:
        content = crypto.unseal_bytes(plan, handle.read())
    return str(meta["name"]), str(meta["content_type"]), content
