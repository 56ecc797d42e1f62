"""Audit actions of the council's composition, meetings and items (only services record
them; the audit log page shows the labels)."""

from django.utils.translation import gettext_lazy as _

from socius.council.audit import council_action

AUDIT_COUNCIL_SAVED = council_action("council.council.saved", _("City council saved"))
AUDIT_GROUP_SAVED = council_action("council.group.saved", _("Party group's seats saved"))
AUDIT_GROUP_REMOVED = council_action("council.group.removed", _("Party group removed"))
AUDIT_COMMITTEE_SAVED = council_action("council.committee.saved", _("Committee saved"))
AUDIT_MEETING_CREATED = council_action("council.meeting.created", _("Meeting created"))
AUDIT_ITEM_CREATED = council_action("council.item.created", _("Council item registered"))
AUDIT_ITEM_UPDATED = council_action("council.item.updated", _("Council item changed"))
AUDIT_ITEM_SCHEDULED = council_action("council.item.scheduled", _("Council item on an agenda"))
AUDIT_ITEM_DECIDED = council_action("council.item.decided", _("Council decision recorded"))
AUDIT_ITEM_REFERRED = council_action("council.item.referred", _("Council item sent to a committee"))
AUDIT_ITEM_WITHDRAWN = council_action("council.item.withdrawn", _("Council item withdrawn"))
AUDIT_ITEM_FOLLOW_UP = council_action("council.item.follow_up", _("Follow-up note added"))
