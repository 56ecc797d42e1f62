"""Audit actions after the event, with their readable names for the audit log page."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("event_followup", _("Events: after the event"))
AUDIT_MATERIAL_ADDED = audit_action(
    "event_followup.material_add", _("Event material added"), module=MODULE
)
AUDIT_MATERIAL_REMOVED = audit_action(
    "event_followup.material_remove", _("Event material removed"), module=MODULE
)
AUDIT_MINUTES_SAVED = audit_action(
    "event_followup.minutes_save", _("Event minutes saved as a draft"), module=MODULE
)
AUDIT_MINUTES_APPROVED = audit_action(
    "event_followup.minutes_approve",
    _("Event minutes approved by a second organiser"),
    module=MODULE,
)
AUDIT_MINUTES_PUBLISHED = audit_action(
    "event_followup.minutes_publish",
    _("Event minutes published to the knowledge hub"),
    module=MODULE,
)
AUDIT_SURVEY_SENT = audit_action(
    "event_followup.survey_send", _("Follow-up survey sent for an event"), module=MODULE
)
