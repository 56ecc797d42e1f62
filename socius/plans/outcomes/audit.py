"""Audit actions of the outcome releases, with readable names for the audit log."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("plans_outcomes", _("Outcomes of plans"), prefixes=("plans_outcomes.",))

AUDIT_RELEASE_CREATED = audit_action(
    "plans_outcomes.release.create", _("Outcome statistics released"), module=MODULE
)
