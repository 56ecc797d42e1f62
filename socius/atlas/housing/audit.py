"""Housing areas' audit actions, with their readable names for the audit log page."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("housing", _("Housing areas"))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_RULES_LOADED = _action("housing.rules.load", _("Housing list rule sets loaded"))
AUDIT_AREA_CREATED = _action("housing.area.create", _("Housing area created"))
AUDIT_AREA_UPDATED = _action("housing.area.update", _("Housing area changed"))
AUDIT_AREA_YEAR_SAVED = _action("housing.area_year.save", _("Housing area's figures saved"))
AUDIT_INITIATIVE_SAVED = _action("housing.initiative.save", _("Housing initiative saved"))
AUDIT_INITIATIVE_DELETED = _action("housing.initiative.delete", _("Housing initiative removed"))
AUDIT_MEASURE_ADDED = _action("housing.measure.add", _("Outcome measure added"))
AUDIT_MEASURE_DELETED = _action("housing.measure.delete", _("Outcome measure removed"))
AUDIT_INCOME_IMPORTED = _action("housing.income.import", _("Income quintiles imported"))
AUDIT_PROJECT_CREATED = _action(
    "housing.project.create", _("Intergenerational housing project published")
)
AUDIT_PROJECT_UPDATED = _action(
    "housing.project.update", _("Intergenerational housing project changed")
)
AUDIT_PROJECT_STATUS = _action(
    "housing.project.status", _("Intergenerational housing project's status changed")
)
AUDIT_INTEREST_SAVED = _action(
    "housing.interest.save", _("Interest in intergenerational housing registered")
)
AUDIT_INTEREST_DELETED = _action(
    "housing.interest.delete", _("Interest in intergenerational housing deleted")
)
