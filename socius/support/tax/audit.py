"""The tax deduction's audit actions. Entries never carry a CPR number: only who, what, which
supporter (by id) and amounts."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("support_tax", _("Tax deduction"), prefixes=("support_tax.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_CPR_GIVEN = _action("support_tax.cpr.give", _("CPR number given for the tax deduction"))
AUDIT_CPR_DELETED = _action("support_tax.cpr.delete", _("CPR number deleted"))
AUDIT_COMMITMENT_SIGNED = _action(
    "support_tax.commitment.sign", _("Ten-year commitment accepted and signed")
)
AUDIT_REPORT_STARTED = _action("support_tax.report.start", _("Tax report build started"))
AUDIT_REPORT_BUILT = _action("support_tax.report.build", _("Tax report built"))
AUDIT_REPORT_DOWNLOADED = _action(
    "support_tax.report.download", _("Tax report downloaded (with CPR numbers)")
)
AUDIT_STATEMENTS_SENT = _action("support_tax.statements.send", _("Annual statements sent"))
AUDIT_REPORT_SUBMITTED = _action(
    "support_tax.report.submit", _("Tax report marked as submitted to Skattestyrelsen")
)
AUDIT_COMMITMENT_STOPPED = _action(
    "support_tax.commitment.stop", _("Ten-year commitment stopped (no more payments)")
)
AUDIT_COMMITMENT_PAYMENTS = _action(
    "support_tax.commitment.payments", _("Yearly bank payments of commitments started")
)
