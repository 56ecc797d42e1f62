"""Deliberation's audit actions, with their readable names for the audit log page.

Votes are not audited one by one (see services.py)."""

from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("deliberation", _("Conversations"))
AUDIT_CONVERSATION_CREATED = audit_action(
    "deliberation.conversation.create", _("Conversation created"), module=MODULE
)
AUDIT_CONVERSATION_OPENED = audit_action(
    "deliberation.conversation.open", _("Conversation opened"), module=MODULE
)
AUDIT_CONVERSATION_CLOSED = audit_action(
    "deliberation.conversation.close", _("Conversation closed"), module=MODULE
)
AUDIT_STATEMENT_ACCEPTED = audit_action(
    "deliberation.statement.accept", _("Statement accepted"), module=MODULE
)
AUDIT_STATEMENT_REJECTED = audit_action(
    "deliberation.statement.reject", _("Statement rejected"), module=MODULE
)
AUDIT_SOLUTION_CREATED = audit_action(
    "deliberation.solution.create", _("Solution proposed"), module=MODULE
)
AUDIT_SOLUTION_PUBLISHED = audit_action(
    "deliberation.solution.publish", _("Solution published"), module=MODULE
)
AUDIT_SOLUTION_COMMENT_HIDDEN = audit_action(
    "deliberation.solution_comment.hide", _("Comment on a solution hidden"), module=MODULE
)
