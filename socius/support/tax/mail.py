"""Mail kinds of the tax deduction. The annual statement is always sent: the donor needs it
to check their tax return. No mail ever carries a CPR number."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_STATEMENT = mail_kind_register(
    "support_tax.statement",
    _("Support: your annual statement of deductible gifts"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_COMMITMENT = mail_kind_register(
    "support_tax.commitment",
    _("Support: your ten-year commitment"),
    unsubscribable=False,
    to_addresses=True,
)
MAIL_COMMITMENT_PAYMENT = mail_kind_register(
    "support_tax.commitment_payment",
    _("Support: this year's payment under your ten-year commitment"),
    unsubscribable=False,
    to_addresses=True,
)
