"""Audit actions of the procurement rules, with their readable names for the audit log page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("procurement_rules", _("Procurement rules"), prefixes=("procurement_rules.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_DECISION_RECORDED = _action(
    "procurement_rules.decision.record", _("Follow or explain decision recorded")
)
AUDIT_RULE_VERSION_CREATED = _action(
    "procurement_rules.rule.version", _("New version of a procurement rule")
)
AUDIT_THRESHOLD_CREATED = _action(
    "procurement_rules.threshold.create", _("New EU threshold period")
)
