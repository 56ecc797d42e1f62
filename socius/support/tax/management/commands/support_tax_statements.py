"""Send the annual statements for a year (each January): ``support_tax_statements --year``.
Idempotent: a supporter gets one statement per year however often it runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from socius.support.tax.services import statements_send


class Command(BaseCommand):
    help = "Send the annual statements of deductible gifts for a year (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Default: last year.")

    def handle(self, *args: Any, year: int | None, **options: Any) -> None:
        year = year or timezone.localdate().year - 1
        sent = statements_send(actor=None, year=year)
        self.stdout.write(f"Statements for {year}: {sent} sent.")
