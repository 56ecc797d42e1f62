"""Community advice's audit actions, with their readable names for the audit log page."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("advice", _("Community advice"))
AUDIT_REQUEST_SUBMITTED = audit_action(
    "advice.request.submit", _("Advice request sent"), module=MODULE
)
AUDIT_REQUEST_ASSIGNED = audit_action(
    "advice.request.assign", _("Advice request given to an advisor"), module=MODULE
)
AUDIT_REQUEST_STARTED = audit_action(
    "advice.request.start", _("Advice request taken up"), module=MODULE
)
AUDIT_REQUEST_ANSWERED = audit_action("advice.request.answer", _("Advisor answered"), module=MODULE)
AUDIT_REQUEST_REPLIED = audit_action(
    "advice.request.reply", _("Organisation replied"), module=MODULE
)
AUDIT_REQUEST_CLOSED = audit_action(
    "advice.request.close", _("Advice request closed"), module=MODULE
)
AUDIT_REQUEST_REOPENED = audit_action(
    "advice.request.reopen", _("Advice request reopened"), module=MODULE
)
AUDIT_REQUEST_WITHDRAWN = audit_action(
    "advice.request.withdraw", _("Advice request withdrawn"), module=MODULE
)
AUDIT_MESSAGE_SENT = audit_action(
    "advice.message.send", _("Message from the organisation"), module=MODULE
)
AUDIT_GUIDE_DRAFTED = audit_action(
    "advice.message.guide_draft", _("Answer sent to the editors as a guide"), module=MODULE
)
AUDIT_NOTE_ADDED = audit_action("advice.note.add", _("Internal note added"), module=MODULE)
AUDIT_FOLLOW_UP_SENT = audit_action(
    "advice.follow_up.send", _("Follow-up survey sent"), module=MODULE
)
AUDIT_FOLLOW_UP_ANSWERED = audit_action(
    "advice.follow_up.answer", _("Follow-up survey answered"), module=MODULE
)
AUDIT_COMMUNITY_CREATED = audit_action("community.create", _("Community created"), module=MODULE)
AUDIT_COMMUNITY_UPDATED = audit_action("community.update", _("Community changed"), module=MODULE)
AUDIT_COMMUNITY_CONFIRMED = audit_action(
    "community.confirm", _("Community confirmed"), module=MODULE
)
