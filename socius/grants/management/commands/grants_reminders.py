from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.grants.reminders import reminders_send


class Command(BaseCommand):
    help = "Send reminders about reporting back on grants (run daily; running twice sends nothing twice)."

    def handle(self, *args: Any, **options: Any) -> None:
        before, after = reminders_send()
        self.stdout.write(f"Reminders sent: {before} before the deadline, {after} after it.")
