"""Mail kinds of cross-party support (imported from the app's ``ready``)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

# Editors ask a party's verified politicians to consider endorsing; they can turn it off.
MAIL_ENDORSEMENT_INVITE = mail_kind_register(
    "council.endorsement_invite",
    _("Cross-party support: an invitation to endorse a recommendation or a proposal"),
    unsubscribable=True,
)
