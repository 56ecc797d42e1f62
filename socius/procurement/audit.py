"""Procurement's audit actions (the contracts part), with readable names for the audit log."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("procurement", _("Procurement"), prefixes=("procurement.",))

AUDIT_DEPARTMENT_CREATED = audit_action(
    "procurement.department.create", _("Buying department created"), module=MODULE
)
AUDIT_CONTRACT_CREATED = audit_action(
    "procurement.contract.create", _("Contract created"), module=MODULE
)
AUDIT_CONTRACT_UPDATED = audit_action(
    "procurement.contract.update", _("Contract changed"), module=MODULE
)
AUDIT_CONTRACTS_IMPORTED = audit_action(
    "procurement.contract.import", _("Contracts imported"), module=MODULE
)
