"""The plan module's mail kinds. A mail about a plan says only that something happened and
links to the page (behind sign-in): no goal, note, comment, purpose or name of the citizen,
because mail passes through servers the platform does not control."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register
from socius.core.roles import Capability

MAIL_SHARED_WITH_YOU = mail_kind_register(
    "plans.shared_with_you",
    _("My plan: a citizen shared their plan with you"),
    unsubscribable=False,
    capability=Capability.PLANS_PROFESSIONAL,
)
MAIL_PLAN_ACTIVITY = mail_kind_register(
    "plans.activity",
    _("My plan: a professional commented, proposed a step or rated progress"),
    unsubscribable=True,
)
