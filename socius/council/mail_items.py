"""The kinds of mail the council's items send (core.mail.notify)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

MAIL_FOLLOW_UP = mail_kind_register(
    "council.follow_up",
    _("Council decisions whose follow-up is due (secretariat)"),
    capability=Capability.COUNCIL_SECRETARIAT,
)
