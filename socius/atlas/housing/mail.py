"""The kinds of mail housing sends (core.mail.notify; listed in docs/architecture.md)."""

from django.utils.translation import gettext_lazy as _

from socius.core.mail import mail_kind_register

# Sent to people who registered interest, when a project that fits them opens for applications.
MAIL_PROJECT_OPEN = mail_kind_register(
    "housing.project_open",
    _("Intergenerational housing that fits you opens for applications"),
)
