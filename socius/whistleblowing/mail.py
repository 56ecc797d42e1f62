"""The kinds of mail whistleblowing sends (core.mail.notify; listed in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

# Always sent: the Whistleblower Act's deadlines (acknowledge within 7 days, feed back within
# 3 months) run whether or not a handler reads mail. The mail never carries case content.
MAIL_CASE_ACTIVITY = mail_kind_register(
    "whistleblowing.activity",
    _("New reports, activity and deadlines in whistleblower cases (handlers)"),
    unsubscribable=False,
    capability=Capability.WHISTLEBLOWING_HANDLE,
)
