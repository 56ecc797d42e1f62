"""The elective's audit actions, with their readable names for the audit log page. Each part
adds its own below its heading; only services record them. An entry never holds what a pupil
wrote, nor a pupil's personal code."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("school", _("Citizenship elective"), prefixes=("school.",))


def school_action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


# Each part's actions, registered when the app is ready (the audit log page lists them all).
from socius.school import (  # noqa: E402, F401
    audit_classes,
    audit_courses,
    audit_visits,
    audit_work,
    audit_youth,
)
