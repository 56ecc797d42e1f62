"""Compare the ledger with each provider's reported state (run daily), and empty the stored
bodies of webhooks older than the retention period."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from socius.support.payments.services import ledger_reconcile, webhook_payloads_prune


class Command(BaseCommand):
    help = "Reconcile the ledger with the payment providers and report any difference."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        with tqdm(unit="payments", disable=options["verbosity"] == 0) as bar:
            rows = ledger_reconcile(today=today, progress=bar.update)
        pruned = webhook_payloads_prune(today=today)
        for row in rows:
            line = f"{row.provider}: {row.checked} checked, {len(row.differences)} difference(s)"
            self.stdout.write(self.style.WARNING(line) if row.differences else line)
        self.stdout.write(f"{pruned} old webhook bodies emptied.")
