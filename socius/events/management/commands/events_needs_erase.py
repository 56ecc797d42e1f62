"""Erase dietary and access needs 30 days after each event (daily). Logs the count only."""

from typing import Any

from django.core.management.base import BaseCommand

from socius.events.services import needs_erase


class Command(BaseCommand):
    help = "Erase registrations' dietary and access needs 30 days after their event."

    def handle(self, *args: Any, **options: Any) -> None:
        count = needs_erase()
        self.stdout.write(f"needs erased from {count} registrations")
