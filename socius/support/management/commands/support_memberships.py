"""Daily: membership reminders, lapsing and resignations, campaigns ending, accounts due."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm

from socius.support.daily import memberships_daily


class Command(BaseCommand):
    help = "Send membership reminders, lapse and end memberships, end campaigns (daily)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0

        def progress(items: Any, total: int) -> Any:
            return tqdm(items, total=total, desc="Memberships", unit="members", disable=quiet,
                        file=self.stderr._out)  # fmt: skip

        counts = memberships_daily(progress=progress)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
