"""Check-in's audit actions, with their readable names for the audit log page."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("event_checkin", _("Event check-in"))
AUDIT_SCANS_SYNCED = audit_action(
    "event_checkin.scans.sync", _("Check-in scans received from a device"), module=MODULE
)
AUDIT_TICKETS_RENEWED = audit_action(
    "event_checkin.tickets.renew", _("Tickets of an event renewed"), module=MODULE
)
