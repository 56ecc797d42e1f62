from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Conferences, debates, citizen meetings, workshops and associations' events."""

    name = "socius.events"
    label = "events"
    verbose_name = _("Events")
