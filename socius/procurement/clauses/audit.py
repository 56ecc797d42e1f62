"""Audit actions of the clause library and the follow-up of clauses, with readable names."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("procurement_clauses", _("Procurement: social clauses"))
AUDIT_CLAUSE_VERSION_CREATED = audit_action(
    "procurement_clauses.version_create", _("New version of a clause published"), module=MODULE
)
AUDIT_CONTRACT_CLAUSE_ADDED = audit_action(
    "procurement_clauses.contract_clause_add", _("Clause added to a contract"), module=MODULE
)
AUDIT_REPORT_SUBMITTED = audit_action(
    "procurement_clauses.report_submit", _("Supplier report submitted"), module=MODULE
)
AUDIT_REPORT_APPROVED = audit_action(
    "procurement_clauses.report_approve", _("Supplier report approved"), module=MODULE
)
AUDIT_NON_CONFORMITY_RAISED = audit_action(
    "procurement_clauses.nonconformity_raise", _("Non-conformity raised"), module=MODULE
)
AUDIT_NON_CONFORMITY_RESOLVED = audit_action(
    "procurement_clauses.nonconformity_resolve", _("Non-conformity resolved"), module=MODULE
)
AUDIT_EVIDENCE_DOWNLOADED = audit_action(
    "procurement_clauses.evidence_download", _("Evidence downloaded"), module=MODULE
)
AUDIT_REMINDERS_SENT = audit_action(
    "procurement_clauses.reminders_send", _("Reminders sent for overdue reports"), module=MODULE
)
