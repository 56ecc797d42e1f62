"""Remind suppliers and buyers of overdue reports on social clauses. Run once a day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socius.procurement.clauses.services import reminders_send


class Command(BaseCommand):
    help = "Remind suppliers and buyers of overdue reports on social clauses (run daily)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="The day to count from (YYYY-MM-DD); for tests.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options.get("today"):
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date such as 2026-12-05.") from None
        count = reminders_send(today=today)
        self.stdout.write(f"Reminded {count} overdue reporting period(s).")
