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

# Sent to a channel's existing handlers whenever someone is added to or removed from its
# handlers, so nobody joins unseen. Names the person and the channel, never a case.
MAIL_HANDLERS_CHANGED = mail_kind_register(
    "whistleblowing.handlers",
    _("Changes to the handlers of your whistleblower channels (handlers)"),
    unsubscribable=False,
    capability=Capability.WHISTLEBLOWING_HANDLE,
)

# Sent to administrators the moment a channel has no handler left who can receive reports.
MAIL_CHANNEL_UNREADABLE = mail_kind_register(
    "whistleblowing.unreadable",
    _("A whistleblower channel has no handler who can receive reports (administrators)"),
    unsubscribable=False,
    capability=Capability.MUNICIPALITY_MANAGE,
)
