from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventCheckinConfig(AppConfig):
    """Check-in at the door: signed QR codes, offline lists, scans reconciled."""

    name = "socius.events.checkin"
    label = "event_checkin"
    verbose_name = _("Event check-in")

    def ready(self) -> None:
        from socius.events.checkin import gdpr  # noqa: F401  (registers the personal data)
