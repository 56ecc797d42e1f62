"""Daily: in January, start this year's bank payment of every running ten-year commitment
paid by bank transfer and mail the donor the reference (idempotent)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from socius.support.tax.services import commitments_yearly


class Command(BaseCommand):
    help = "Start this year's bank payments of ten-year commitments in January (daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Run as on this day (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0

        def progress(items: Any, total: int) -> Any:
            return tqdm(items, total=total, desc="Commitments", unit="commitments",
                        disable=quiet, file=self.stderr._out)  # fmt: skip

        counts = commitments_yearly(today=options["date"], progress=progress)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
