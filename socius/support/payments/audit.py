"""Payments' audit actions, with their readable names for the audit log page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("support_payments", _("Payments"), prefixes=("support_payments.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_PAYMENT_STARTED = _action("support_payments.payment.start", _("Payment started"))
AUDIT_PAYMENT_CAPTURED = _action("support_payments.payment.capture", _("Payment received"))
AUDIT_PAYMENT_REFUNDED = _action("support_payments.payment.refund", _("Payment refunded"))
AUDIT_REFUND_REQUESTED = _action("support_payments.refund.request", _("Refund requested"))
AUDIT_PAYMENT_FAILED = _action("support_payments.payment.fail", _("Payment failed"))
AUDIT_MANDATE_STARTED = _action("support_payments.mandate.start", _("Recurring payment started"))
AUDIT_MANDATE_CHANGED = _action(
    "support_payments.mandate.change", _("Recurring payment changed status")
)
AUDIT_MANDATE_STOPPED = _action("support_payments.mandate.stop", _("Recurring payment stopped"))
AUDIT_MANDATE_CHARGED = _action("support_payments.mandate.charge", _("Recurring payment charged"))
AUDIT_BANK_BOOKED = _action("support_payments.bank.book", _("Bank transfer booked"))
AUDIT_RECONCILED = _action("support_payments.reconcile", _("Ledger reconciled with providers"))
