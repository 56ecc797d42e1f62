"""The council module's audit actions, with their readable names for the audit log page. Each
part adds its own in its own file; only services record them."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("council", _("City council"), prefixes=("council.",))


def council_action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)
