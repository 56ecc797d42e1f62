"""The whistleblower scheme's audit actions, with their readable names for the audit log page.

Entries name the case, never its content: the log is read by people who are not handlers."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("whistleblowing", _("Whistleblower scheme"))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_REPORT_RECEIVED = _action("whistle.report.received", _("Report received"))
AUDIT_ESCROW_GRANTED = _action("whistle.escrow.grant", _("Report key held for future handlers"))
AUDIT_ATTACHMENT_ADDED = _action("whistle.attachment.add", _("File added to a case"))
AUDIT_ATTACHMENT_DOWNLOADED = _action("whistle.attachment.downloaded", _("Case file downloaded"))
AUDIT_REPORTER_MESSAGE = _action("whistle.message.reporter", _("Message from the reporter"))
AUDIT_HANDLER_MESSAGE = _action("whistle.message.handler", _("Handler wrote in a case"))
AUDIT_IDENTITY_GIVEN = _action("whistle.identity.given", _("Reporter gave their identity"))
AUDIT_IDENTITY_REQUESTED = _action("whistle.identity.requested", _("Identity asked for"))
AUDIT_IDENTITY_DECIDED = _action("whistle.identity.decided", _("Identity request decided"))
AUDIT_IDENTITY_VIEWED = _action("whistle.identity.viewed", _("Reporter's identity seen"))
AUDIT_MINUTES_APPROVED = _action("whistle.minutes.approved", _("Minutes approved by the reporter"))
AUDIT_HANDLER_EXCLUDED = _action("whistle.handler.excluded", _("Handler excluded by the reporter"))
AUDIT_KEY_CREATED = _action("whistle.key.created", _("Handler key created"))
AUDIT_KEY_UNLOCKED = _action("whistle.key.unlocked", _("Handler key unlocked"))
AUDIT_KEY_UNLOCK_FAILED = _action("whistle.key.unlock_failed", _("Failed attempt to unlock a key"))
AUDIT_KEY_GRANTED = _action("whistle.key.granted", _("Case key given to a co-handler"))
AUDIT_INBOX_VIEWED = _action("whistle.inbox.viewed", _("Channel inbox seen"))
AUDIT_CASE_VIEWED = _action("whistle.case.viewed", _("Case opened"))
AUDIT_CASE_STATE = _action("whistle.case.state", _("Case status changed"))
AUDIT_CASE_EXPORTED = _action("whistle.case.exported", _("Case exported"))
AUDIT_CASE_HOLD = _action("whistle.case.hold", _("Legal hold set or lifted"))
AUDIT_CASE_DELETED = _action("whistle.case.deleted", _("Case deleted after its retention period"))
AUDIT_HANDLER_ADDED = _action("whistle.handler.added", _("Handler added to a channel"))
AUDIT_HANDLER_REMOVED = _action("whistle.handler.removed", _("Handler removed from a channel"))
AUDIT_KEY_APPROVED = _action("whistle.key.approved", _("Handler key approved by a co-handler"))
AUDIT_KEY_FIRST_PROPOSED = _action(
    "whistle.key.first_proposed", _("First handler's key approved by an administrator")
)
AUDIT_KEY_FIRST_CONFIRMED = _action(
    "whistle.key.first_confirmed", _("First handler's key confirmed by a custodian")
)
AUDIT_CHANNEL_UNREADABLE = _action(
    "whistle.channel.unreadable", _("Channel has no handler who can receive reports")
)
