"""The kinds of mail sent after an event (core.mail.notify; listed in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

# People with an account may turn the survey off; a guest's address gets the one mail only.
MAIL_SURVEY = mail_kind_register(
    "event_followup.survey", _("A short survey after an event you took part in")
)
MAIL_SURVEY_GUEST = mail_kind_register(
    "event_followup.survey_guest",
    _("A short survey after an event (registrations without an account)"),
    unsubscribable=False,
    to_addresses=True,
)
