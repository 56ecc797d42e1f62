"""The treasury's audit actions, with their readable names for the audit log page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("support_treasury", _("Treasury"), prefixes=("treasury.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_STATEMENT_UPLOADED = _action("treasury.statement.upload", _("Bank statement uploaded"))
AUDIT_LINE_MATCHED = _action("treasury.line.match", _("Bank line matched by hand"))
AUDIT_LINE_IGNORED = _action("treasury.line.ignore", _("Bank line ignored"))
AUDIT_SPENDING_SAVED = _action("treasury.spending.save", _("Spending saved"))
AUDIT_LINES_PRUNED = _action(
    "treasury.lines.prune", _("Payers' names removed from old bank statements")
)
