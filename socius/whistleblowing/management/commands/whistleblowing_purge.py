from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.whistleblowing.reminders import deadline_reminders
from socius.whistleblowing.services.handling import orphan_files_remove, reports_purge


class Command(BaseCommand):
    help = "Delete whistleblower cases past their deletion date (no legal hold) and warn handlers of deadlines; run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = reports_purge()
        orphans = orphan_files_remove()
        reminded = deadline_reminders()
        self.stdout.write(
            f"Deleted {deleted} case(s) and {orphans} orphaned file(s); {reminded} deadline warning(s)."
        )
