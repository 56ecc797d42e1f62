"""Mail kinds of the classes part. Pupils never get mail (their address is under ``.invalid``,
which core's mail never sends to); teachers are told when the municipality verifies them."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_TEACHER_VERIFIED = mail_kind_register(
    "school.teacher_verified",
    _("Citizenship elective: the municipality verified you as a teacher"),
    unsubscribable=False,
)
