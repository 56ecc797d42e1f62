"""The kinds of mail grants sends (core.mail.notify; listed in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

# A receipt for an application and a decision on it are always sent: the applicant relies on
# them (proof of submission before the deadline, the start of any complaint period).
MAIL_RECEIPT = mail_kind_register(
    "grants.receipt", _("Receipts for grant applications"), unsubscribable=False
)
MAIL_DECISION = mail_kind_register(
    "grants.decision",
    _("Decisions on grant applications, and conditions they do not meet"),
    unsubscribable=False,
)
MAIL_APPLICATION = mail_kind_register(
    "grants.application", _("Questions about grant applications and reminders to report back")
)
MAIL_STAFF_ANSWER = mail_kind_register(
    "grants.staff_answer",
    _("Answers from applicants (grant case handlers)"),
    capability=Capability.GRANTS_MANAGE,
)
