"""The kinds of mail the follow-up of clauses sends (core.mail.notify)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

# A supplier's contacts: a report is overdue, or the buyer approved it or found a fault.
# Always sent: the contract obliges the supplier to report and to remedy.
MAIL_SUPPLIER = mail_kind_register(
    "procurement_clauses.supplier",
    _("Your organisation's reports on social clauses in contracts: due, approved, faults"),
    unsubscribable=False,
)
# The buyer who created the contract: a report came in, or one is overdue.
MAIL_BUYER = mail_kind_register(
    "procurement_clauses.buyer",
    _("Suppliers' reports on social clauses: received and overdue"),
    capability=Capability.PROCUREMENT_MANAGE,
)
