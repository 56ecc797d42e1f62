"""The programme's audit actions, with their readable names for the audit log page; only
services record them."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("programme", _("Programme"), prefixes=("programme.",))


def programme_action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)
