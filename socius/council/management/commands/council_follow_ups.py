from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.council.services_items import follow_ups_remind


class Command(BaseCommand):
    help = (
        "Mail the council secretariat about follow-up deadlines due within 14 days or overdue "
        "(run daily; a second run the same day sends nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        n = follow_ups_remind()
        self.stdout.write(f"Reminded the secretariat of {n} follow-ups.")
