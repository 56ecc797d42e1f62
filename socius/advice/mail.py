"""The kinds of mail community advice sends (core.mail.notify; listed in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

MAIL_REQUEST = mail_kind_register(
    "advice.request", _("News about your organisation's requests for community advice")
)
MAIL_FOLLOW_UP = mail_kind_register(
    "advice.follow_up", _("Follow-up survey three months after a request for advice")
)
MAIL_DIRECTORY = mail_kind_register(
    "advice.directory", _("Reminders to confirm your community in the directory")
)
MAIL_QUEUE = mail_kind_register(
    "advice.queue",
    _("New requests for community advice (advisors)"),
    capability=Capability.ADVICE_HANDLE,
)
MAIL_ASSIGNED = mail_kind_register(
    "advice.assigned",
    _("Requests given to you and replies to them (advisors)"),
    capability=Capability.ADVICE_HANDLE,
)
