from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Support the think tank: memberships, gifts, campaigns, the newsletter."""

    name = "socius.support"
    label = "support"
    verbose_name = _("Support")
