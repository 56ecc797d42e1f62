"""Grants' audit actions, with their readable names for the audit log page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("grants", _("Grants"))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_POOL_CREATED = _action("grants.pool.create", _("Fund created"))
AUDIT_ROUND_CREATED = _action("grants.round.create", _("Round created"))
AUDIT_ROUND_OPENED = _action("grants.round.open", _("Round opened"))
AUDIT_ROUND_CLOSED = _action("grants.round.close", _("Round closed for assessment"))
AUDIT_ROUND_DECIDED = _action("grants.round.decide", _("Round decided"))
AUDIT_ALLOCATION_RUN = _action("grants.allocation.run", _("Amounts proposed by the optimiser"))
AUDIT_AMOUNT_LOCKED = _action("grants.amount.lock", _("Amount locked"))
AUDIT_CRITERION_SAVED = _action("grants.criterion.save", _("Assessment criterion saved"))
AUDIT_THEME_MINIMUM_SET = _action("grants.theme_minimum.set", _("Theme's minimum share set"))
AUDIT_FORM_FIELD_SAVED = _action("grants.formfield.save", _("Application form question saved"))
AUDIT_FORM_FIELD_DELETED = _action(
    "grants.formfield.delete", _("Application form question removed")
)
AUDIT_APPLICATION_CREATED = _action("grants.application.create", _("Application started"))
AUDIT_APPLICATION_UPDATED = _action("grants.application.update", _("Application changed"))
AUDIT_APPLICATION_SUBMITTED = _action("grants.application.submit", _("Application submitted"))
AUDIT_APPLICATION_WITHDRAWN = _action("grants.application.withdraw", _("Application withdrawn"))
AUDIT_APPLICATION_INELIGIBLE = _action(
    "grants.application.reject_gate", _("Application found not to meet the conditions")
)
AUDIT_APPLICATION_REINSTATED = _action(
    "grants.application.reinstate", _("Application meets the conditions again")
)
AUDIT_APPLICATION_GRANTED = _action("grants.application.grant", _("Application granted"))
AUDIT_APPLICATION_REJECTED = _action("grants.application.reject", _("Application not granted"))
AUDIT_GATE_SET = _action("grants.gate.set", _("Condition assessed"))
AUDIT_MESSAGE_SENT = _action("grants.message.send", _("Message about an application"))
AUDIT_REVIEW_ASSIGNED = _action("grants.review.assign", _("Reviewer assigned"))
AUDIT_CONFLICT_DECLARED = _action("grants.conflict.declare", _("Conflict of interest declared"))
AUDIT_REVIEW_SUBMITTED = _action("grants.review.submit", _("Review submitted"))
AUDIT_REVIEW_EXCLUDED = _action(
    "grants.review.exclude", _("Review no longer counts (conflict of interest)")
)
AUDIT_REPORT_SUBMITTED = _action("grants.report.submit", _("Final report submitted"))
