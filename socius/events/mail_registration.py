"""The mail kinds of registration and the waiting list.

Registrants may have no account, so every mail goes to the address and language on the
registration and cannot be turned off: each one concerns a seat the person holds or is
offered, and carries the link to their personal page (the only place it is ever written)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_REGISTRATION = mail_kind_register(
    "events.registration",
    _("Events: confirmation of your registration"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_OFFER = mail_kind_register(
    "events.offer",
    _("Events: a seat offered to you from the waiting list"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_OFFER_EXPIRED = mail_kind_register(
    "events.offer_expired",
    _("Events: an offered seat you did not accept in time"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_CANCELLED = mail_kind_register(
    "events.registration_cancelled",
    _("Events: confirmation that your registration is cancelled"),
    unsubscribable=False,
    to_addresses=True,
)
