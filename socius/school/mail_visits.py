"""Mail kinds of the visits part. Only the teacher and the association's contacts get mail;
pupils never do (they have no address that mail reaches)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

MAIL_VISIT_BOOKING = mail_kind_register(
    "school.visit_booking",
    _("Visits for classes: a new booking, an answer or a cancellation"),
    unsubscribable=False,
)
MAIL_VISIT_REMINDER = mail_kind_register(
    "school.visit_reminder",
    _("Visits for classes: a reminder the day before"),
    unsubscribable=False,
)
MAIL_VISIT_EVALUATION = mail_kind_register(
    "school.visit_evaluation",
    _("Visits for classes: an invitation to evaluate the visit"),
    unsubscribable=True,
)
