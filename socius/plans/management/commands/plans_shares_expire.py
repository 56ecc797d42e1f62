"""Daily: log "Share ended" in the citizen's access log for shares past their last day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.plans.sharing import shares_expire


class Command(BaseCommand):
    help = "Log the end of shares whose last day has passed (daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = shares_expire()
        self.stdout.write(f"ended={count}")
