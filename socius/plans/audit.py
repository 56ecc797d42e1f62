"""The plan module's audit actions, with their readable names for the audit log page.

An entry names the action and the row (a plan, goal, step, rating, note or document) and
never what the citizen wrote: the words stay sealed in the plan (crypto.py)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("plans", _("My plan"), prefixes=("plans.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_PLAN_CREATED = _action("plans.plan.create", _("Plan started"))
AUDIT_PLAN_UPDATED = _action("plans.plan.update", _("Plan changed"))
AUDIT_GOAL_CREATED = _action("plans.goal.create", _("Goal added"))
AUDIT_GOAL_UPDATED = _action("plans.goal.update", _("Goal changed"))
AUDIT_GOAL_CLOSED = _action("plans.goal.close", _("Goal closed"))
AUDIT_GOAL_RATED = _action("plans.goal.rate", _("Goal rated"))
AUDIT_STEP_CREATED = _action("plans.step.create", _("Step added"))
AUDIT_STEP_UPDATED = _action("plans.step.update", _("Step changed"))
AUDIT_STEP_DONE = _action("plans.step.done", _("Step done"))
AUDIT_DOMAIN_RATED = _action("plans.domain.rate", _("Life domain rated"))
AUDIT_ENTRY_CREATED = _action("plans.entry.create", _("Note or appointment added"))
AUDIT_ENTRY_DELETED = _action("plans.entry.delete", _("Note or appointment deleted"))
AUDIT_DOCUMENT_ADDED = _action("plans.document.add", _("Document added"))
