"""Audit actions of social-economy enterprises, municipal companies and spin-offs."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("procurement_enterprises", _("Procurement: social-economy enterprises"))
AUDIT_ENTERPRISE_REGISTERED = audit_action(
    "procurement_enterprises.enterprise_register",
    _("Social-economy enterprise registered"),
    module=MODULE,
)
AUDIT_ENTERPRISE_UPDATED = audit_action(
    "procurement_enterprises.enterprise_update",
    _("Social-economy enterprise changed"),
    module=MODULE,
)
AUDIT_CRITERION_ANSWERED = audit_action(
    "procurement_enterprises.criterion_answer",
    _("RSV criterion answered with evidence"),
    module=MODULE,
)
AUDIT_COMPANY_CREATED = audit_action(
    "procurement_enterprises.company_create", _("Municipal company added"), module=MODULE
)
AUDIT_COMPANY_ASSESSED = audit_action(
    "procurement_enterprises.company_assess",
    _("Municipal company assessed against the five criteria"),
    module=MODULE,
)
AUDIT_PLAN_STEP_ADDED = audit_action(
    "procurement_enterprises.plan_step_add",
    _("Change added to a municipal company's plan"),
    module=MODULE,
)
AUDIT_PLAN_STEP_DONE = audit_action(
    "procurement_enterprises.plan_step_done",
    _("Change in a municipal company's plan marked done"),
    module=MODULE,
)
AUDIT_REVIEW_REMINDED = audit_action(
    "procurement_enterprises.review_remind",
    _("Reminder sent: a municipal company's yearly review is due"),
    module=MODULE,
)
AUDIT_SPINOFF_CREATED = audit_action(
    "procurement_enterprises.spinoff_create", _("Spin-off started"), module=MODULE
)
AUDIT_SPINOFF_STEP_SIGNED = audit_action(
    "procurement_enterprises.spinoff_step_sign",
    _("Spin-off step signed off"),
    module=MODULE,
)
