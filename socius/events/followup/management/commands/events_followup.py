from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.events.followup.services import surveys_send


class Command(BaseCommand):
    help = (
        "Send the follow-up survey to confirmed registrations of events that have ended "
        "(run daily; safe to run twice)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = surveys_send()
        self.stdout.write(f"Sent {sent} follow-up surveys.")
