"""Support's mail kinds. Supporters may have no account, so their mails go to the address they
gave (``Address``) and are always sent: each is about money they paid or promised, or a
confirmation they asked for. The newsletter itself carries its own one-click unsubscribe link
and the RFC 8058 headers (``services_newsletter.newsletter_mail``)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

MAIL_MEMBERSHIP = mail_kind_register(
    "support.membership",
    _("Membership: payment received, renewal reminders, lapsing"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_GIFT = mail_kind_register(
    "support.gift", _("Gifts: payment received, recurring gift stopped"),
    unsubscribable=False, to_addresses=True,
)  # fmt: skip
MAIL_NEWSLETTER_CONFIRM = mail_kind_register(
    "support.newsletter_confirm", _("Newsletter: confirm your sign-up"),
    unsubscribable=False, to_addresses=True,
)  # fmt: skip
MAIL_NEWSLETTER = mail_kind_register(
    "support.newsletter", _("Newsletter"), unsubscribable=False, to_addresses=True
)
MAIL_TREASURER = mail_kind_register(
    "support.treasurer",
    _("Treasurer: campaign accounts due"),
    unsubscribable=False,
    capability=Capability.SUPPORT_TREASURER,
)
