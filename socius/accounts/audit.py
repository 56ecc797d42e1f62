"""The accounts module's audit actions, with their readable names for the audit log page."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("accounts", _("Accounts"))
AUDIT_ACCOUNT_UPDATED = audit_action("account.update", _("Profile changed"), module=MODULE)
AUDIT_ACCOUNT_EXPORTED = audit_action(
    "account.export", _("Personal data downloaded"), module=MODULE
)
AUDIT_ACCOUNT_DELETED = audit_action("account.delete", _("Account deleted"), module=MODULE)
