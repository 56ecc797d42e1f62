"""Send the reminders due: 7 days and 1 day before an event, to confirmed registrations.
Run daily; running it twice sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.events.services_events import reminders_send


class Command(BaseCommand):
    help = "Send event reminders 7 days and 1 day before (safe to run more than once)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} reminder(s) sent.")
