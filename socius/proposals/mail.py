"""The kinds of mail citizen proposals sends (core.mail.notify; listed in
docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_STATUS = mail_kind_register(
    "proposals.status", _("New status of citizen proposals you made or follow")
)
MAIL_PROGRESS = mail_kind_register(
    "proposals.progress",
    _("Signature milestones and overdue council decisions on proposals you made or follow"),
)
# Sent to an e-mail address, not to an account: nothing to turn off, and each is a one-off
# request (an invitation) or the municipality's statutory duty (the secretariat).
MAIL_INVITE = mail_kind_register(
    "proposals.invite",
    _("Invitations to be a co-proposer"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_SECRETARIAT = mail_kind_register(
    "proposals.secretariat",
    _("Proposals for the city council (secretariat)"),
    unsubscribable=False,
    to_addresses=True,
)
