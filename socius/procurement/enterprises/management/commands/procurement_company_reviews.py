"""Daily: remind the people who look after municipal companies of yearly reviews falling due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.procurement.enterprises.services import company_reviews_remind


class Command(BaseCommand):
    help = "Send reminders for municipal companies whose yearly review is due (daily; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = company_reviews_remind()
        self.stdout.write(f"Reminders sent for {count} companies.")
