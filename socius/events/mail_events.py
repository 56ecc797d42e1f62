"""The mail kinds of event pages: changes, cancellations and reminders to registrants.

Registrants may have no account (public events take guests), so the mails go to the address
and language on the registration, and cannot be turned off: each one concerns a seat the
person holds (a changed time, a cancellation, the reminder that the event is near)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_EVENT_CHANGE = mail_kind_register(
    "events.change",
    _("Events: a changed or cancelled event you are registered for"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_EVENT_REMINDER = mail_kind_register(
    "events.reminder",
    _("Events: reminders before an event you are registered for"),
    unsubscribable=False,
    to_addresses=True,
)
