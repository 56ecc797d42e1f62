"""The atlas's audit actions (indicators and observations), with their readable names."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("atlas", _("Social atlas"))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_INDICATORS_SYNCED = _action(
    "atlas.indicator.sync", _("Indicator definitions loaded from the shipped data")
)
AUDIT_OBSERVATIONS_IMPORTED = _action(
    "atlas.observation.import", _("Figures imported from a source")
)
