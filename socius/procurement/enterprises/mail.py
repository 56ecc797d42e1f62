"""The kinds of mail about municipal companies (core.mail.notify)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

MAIL_COMPANY_REVIEW = mail_kind_register(
    "procurement_enterprises.company_review",
    _("A municipal company's yearly review against the five criteria is due"),
    capability=Capability.PROCUREMENT_COMPANIES,
)
