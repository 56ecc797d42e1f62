from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Conferences, debates, citizen meetings, workshops and associations' events."""

    name = "socius.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from socius.events import (
            gdpr_registration,  # noqa: F401  (registrations in the personal-data registry)
            mail_events,  # noqa: F401  (the event pages' mail kinds)
            mail_registration,  # noqa: F401  (registration's mail kinds)
            search,  # noqa: F401  (events and speakers in search)
            sections,  # noqa: F401  (events on the front, theme and municipality pages)
            thread,  # noqa: F401  (events on the golden thread)
        )
