"""Events' audit actions, with their readable names for the audit log page.

The registration and waiting-list actions live in ``audit_registration.py`` and are
registered under the same module when this file is imported; every code starting with
"events." is filtered under the module."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_action, audit_module

MODULE = audit_module("events", _("Events"), prefixes=("events.",))


def _action(code: str, label: str | Promise) -> str:
    return audit_action(code, label, module=MODULE)


AUDIT_EVENT_CREATED = _action("events.event.create", _("Event created"))
AUDIT_EVENT_UPDATED = _action("events.event.update", _("Event changed"))
AUDIT_EVENT_PUBLISHED = _action("events.event.publish", _("Event published"))
AUDIT_EVENT_CANCELLED = _action("events.event.cancel", _("Event cancelled"))
AUDIT_SESSION_SAVED = _action("events.session.save", _("Programme item saved"))
AUDIT_SESSION_DELETED = _action("events.session.delete", _("Programme item removed"))
AUDIT_SPEAKER_SAVED = _action("events.speaker.save", _("Speaker saved"))
AUDIT_QUESTION_SAVED = _action("events.question.save", _("Registration question saved"))
AUDIT_QUESTION_DELETED = _action("events.question.delete", _("Registration question removed"))
AUDIT_FEED_RENEWED = _action("events.feed.renew", _("Calendar feed address renewed"))
AUDIT_REMINDERS_SENT = _action("events.reminders.send", _("Event reminders sent"))

# The registration part's actions, in the same module.
from socius.events import audit_registration  # noqa: E402, F401
