"""Writes of a commitment's actions, their status (every change with a reason), milestones and
measures, and the action an editor creates from a council decision. A status change or a
milestone reached moves the action's thread (``thread_moved``)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.core.thread_services import thread_link, thread_moved
from socius.programme.audit import programme_action
from socius.programme.models import (
    Action,
    ActionStatus,
    Commitment,
    Direction,
    Measure,
    Milestone,
    StatusChange,
)
from socius.programme.services import period_check, text_clean

AUDIT_ACTION_SAVED = programme_action(
    "programme.action.saved", gettext_lazy("Programme action saved")
)
AUDIT_ACTION_STATUS = programme_action(
    "programme.action.status", gettext_lazy("Programme action status changed")
)
AUDIT_ACTION_FROM_COUNCIL = programme_action(
    "programme.action.from_council",
    gettext_lazy("Programme action created from a council decision"),
)
AUDIT_MILESTONE_SAVED = programme_action(
    "programme.milestone.saved", gettext_lazy("Programme milestone saved")
)
AUDIT_MILESTONE_REACHED = programme_action(
    "programme.milestone.reached", gettext_lazy("Programme milestone reached")
)
AUDIT_MEASURE_SAVED = programme_action(
    "programme.measure.saved", gettext_lazy("Programme measure saved")
)

BUDGET_MAX = 100_000_000_000  # 100 mia. kr.: more is a typing error
YEAR_MIN, YEAR_MAX = 1990, 2100


def budget_clean(value: Any) -> int | None:
    """A budget in whole kroner: empty, or a whole number from 0 to 100 mia."""
    if value in (None, ""):
        return None
    try:
        amount = int(str(value).replace(".", "").replace(" ", ""))
    except ValueError:
        raise ValidationError(
            {"budget_kr": _("Write the budget as a whole number of kroner.")}
        ) from None
    if not 0 <= amount <= BUDGET_MAX:
        raise ValidationError(
            {"budget_kr": _("The budget must be between 0 and 100 billion kroner.")}
        )
    return amount


def action_save(
    *,
    actor: Any,
    commitment: Commitment,
    title: str,
    owner: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    budget_kr: Any = None,
    action: Action | None = None,
) -> Action:
    """Create an action under ``commitment`` (status: planned), or change ``action``. The
    status changes only through ``action_status_change``."""
    require(actor, Capability.PROGRAMME_MANAGE)
    if action is not None and action.commitment_id != commitment.pk:
        raise ValidationError(_("The action belongs to another commitment."))
    fields = {
        "title": text_clean(title, field="title", max_length=200),
        "owner": text_clean(owner, field="owner", max_length=160),
        "description": text_clean(
            description, field="description", max_length=3000, required=False
        ),
        "budget_kr": budget_clean(budget_kr),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    period_check(starts_on, ends_on, field="ends_on")
    with transaction.atomic():
        if action is None:
            action = Action(commitment=commitment, created_by=actor)
        for name, value in fields.items():
            setattr(action, name, value)
        action.save()
        audit_record(
            actor=actor,
            action=AUDIT_ACTION_SAVED,
            target=action,
            data={"title": action.title, "budget_kr": action.budget_kr},
        )
    return action


def action_status_change(*, actor: Any, action: Action, status: str, reason: str) -> StatusChange:
    """Change an action's status. A reason is required, and the same status again is refused;
    the change is kept as a StatusChange row and moves the action's thread."""
    require(actor, Capability.PROGRAMME_MANAGE)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Write why the status changes. Citizens see the reason.")}
        )
    reason = text_clean(reason, field="reason", max_length=500)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if action.status == status:
            raise ValidationError({"status": _("The action already has that status.")})
        change = StatusChange.objects.create(
            action=action, old=action.status, new=status, reason=reason, changed_by=actor
        )
        action.status = status
        action.status_reason = reason
        action.status_changed_at = timezone.now()
        action.save(update_fields=["status", "status_reason", "status_changed_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AUDIT_ACTION_STATUS,
            target=action,
            data={"old": change.old, "new": status, "reason": reason},
        )
        label = ActionStatus(status).label
        thread_moved(
            kind="action",
            key=str(action.public_id),
            text=_("The action “%(title)s” is now: %(status)s. %(reason)s")
            % {"title": action.title, "status": label, "reason": reason},
            actor=actor,
        )
    return change


def milestone_save(
    *,
    actor: Any,
    action: Action,
    title: str,
    due_on: datetime.date,
    note: str = "",
    milestone: Milestone | None = None,
) -> Milestone:
    """Add a milestone to ``action``, or change ``milestone``."""
    require(actor, Capability.PROGRAMME_MANAGE)
    if milestone is not None and milestone.action_id != action.pk:
        raise ValidationError(_("The milestone belongs to another action."))
    title = text_clean(title, field="title", max_length=200)
    note = text_clean(note, field="note", max_length=500, required=False)
    with transaction.atomic():
        if milestone is None:
            milestone = Milestone(action=action)
        milestone.title, milestone.due_on, milestone.note = title, due_on, note
        milestone.save()
        audit_record(
            actor=actor, action=AUDIT_MILESTONE_SAVED, target=action, data={"title": title}
        )
    return milestone


def milestone_reach(
    *, actor: Any, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    """Mark a milestone as reached (today unless ``done_on``), which moves the action's thread."""
    require(actor, Capability.PROGRAMME_MANAGE)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be reached in the future.")})
    with transaction.atomic():
        milestone = (
            Milestone.objects.select_for_update().select_related("action").get(pk=milestone.pk)
        )
        if milestone.done_on is not None:
            raise ValidationError(_("The milestone is already reached."))
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        audit_record(
            actor=actor,
            action=AUDIT_MILESTONE_REACHED,
            target=milestone.action,
            data={"title": milestone.title, "done_on": done_on},
        )
        thread_moved(
            kind="action",
            key=str(milestone.action.public_id),
            text=_("Milestone reached: %(title)s") % {"title": milestone.title},
            actor=actor,
        )
    return milestone


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Write a number.")}) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 11:
        raise ValidationError({field: _("Write a number.")})
    return number.quantize(Decimal("0.001"))


def _year(value: Any, field: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Write a year, for example 2025.")}) from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError({field: _("Write a year, for example 2025.")})
    return year


def measure_save(
    *,
    actor: Any,
    commitment: Commitment,
    indicator_code: str,
    baseline: Any,
    baseline_year: Any,
    target: Any,
    target_year: Any,
    direction: str = Direction.DOWN,
    action: Action | None = None,
    note: str = "",
    measure: Measure | None = None,
) -> Measure:
    """Create a measure of ``commitment`` on an atlas indicator, or change ``measure``. The
    indicator must be an active atlas indicator with figures for the programme's
    municipality; an action it names must belong to the same commitment, and the measure is
    then linked to the action on the thread."""
    from socius.programme.selectors_atlas import indicator_for_municipality

    require(actor, Capability.PROGRAMME_MANAGE)
    if measure is not None and measure.commitment_id != commitment.pk:
        raise ValidationError(_("The measure belongs to another commitment."))
    code = commitment.programme.municipality.code
    if indicator_for_municipality(str(indicator_code or ""), code) is None:
        raise ValidationError(
            {"indicator_code": _("Choose an atlas indicator with figures for the municipality.")}
        )
    if action is not None and action.commitment_id != commitment.pk:
        raise ValidationError({"action": _("Choose an action of this commitment.")})
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Choose a direction from the list.")})
    first_year, last_year = _year(baseline_year, "baseline_year"), _year(target_year, "target_year")
    values: dict[str, Any] = {
        "indicator_code": str(indicator_code),
        "baseline": _decimal(baseline, "baseline"),
        "baseline_year": first_year,
        "target": _decimal(target, "target"),
        "target_year": last_year,
        "direction": direction,
        "action": action,
        "note": text_clean(note, field="note", max_length=500, required=False),
    }
    if last_year <= first_year:
        raise ValidationError(
            {"target_year": _("The target year must be after the baseline year.")}
        )
    with transaction.atomic():
        old_action_id = measure.action_id if measure is not None else None
        if measure is None:
            measure = Measure(commitment=commitment)
        for name, value in values.items():
            setattr(measure, name, value)
        measure.save()
        audit_record(
            actor=actor,
            action=AUDIT_MEASURE_SAVED,
            target=measure,
            data={k: v for k, v in values.items() if k != "action"},
        )
        if action is not None and action.pk != old_action_id:
            thread_link(
                source=("action", str(action.public_id)),
                target=("measure", str(measure.public_id)),
                actor=actor,
            )
    return measure


def action_from_council_item(
    *,
    actor: Any,
    item_public_id: Any,
    commitment: Commitment,
    title: str,
    owner: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    description: str = "",
    budget_kr: Any = None,
) -> Action:
    """Create an action under ``commitment`` from a decided council item of the same
    municipality, and record on the thread that the decision led to it.

    Threat model: the item id comes from the address bar, so it may be missing, malformed,
    undecided or another municipality's; each is refused with a clear message and nothing is
    written. Only programme editors may call it."""
    from socius.council.selectors import decided_item

    require(actor, Capability.PROGRAMME_MANAGE)
    item = decided_item(item_public_id)
    if item is None:
        raise ValidationError(_("There is no decided council item with that id."))
    if item.council.municipality_id != commitment.programme.municipality_id:
        raise ValidationError(_("The council decision belongs to another municipality."))
    with transaction.atomic():
        action = action_save(
            actor=actor,
            commitment=commitment,
            title=title,
            owner=owner,
            starts_on=starts_on,
            ends_on=ends_on,
            description=description,
            budget_kr=budget_kr,
        )
        audit_record(
            actor=actor,
            action=AUDIT_ACTION_FROM_COUNCIL,
            target=action,
            data={"council_item": str(item.public_id)},
        )
        thread_link(
            source=("council_item", str(item.public_id)),
            target=("action", str(action.public_id)),
            actor=actor,
        )
    return action


def parse_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
