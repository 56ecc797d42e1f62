from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventFollowupConfig(AppConfig):
    """After the event: materials, minutes, the follow-up survey and attendance."""

    name = "socius.events.followup"
    label = "event_followup"
    verbose_name = _("After the event")

    def ready(self) -> None:
        from socius.events.followup import gdpr  # noqa: F401  (registers the export)
