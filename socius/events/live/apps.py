from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventLiveConfig(AppConfig):
    """Live debates: the audience votes in a conversation, a screen shows what bridges."""

    name = "socius.events.live"
    label = "event_live"
    verbose_name = _("Live debates")
