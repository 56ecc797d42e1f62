from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socius.whistleblowing.handling import orphan_files_remove, reports_purge


class Command(BaseCommand):
    help = "Delete whistleblower cases past their deletion date (no legal hold); run daily."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = reports_purge()
        orphans = orphan_files_remove()
        self.stdout.write(f"Deleted {deleted} case(s) and {orphans} orphaned file(s).")
