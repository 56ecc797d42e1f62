"""Remove payers' names and texts from bank statements older than the bookkeeping law's 5
years (run daily; nothing happens on most days)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from socius.support.treasury.services import bank_lines_prune


class Command(BaseCommand):
    help = "Remove payers' names from bank statements past the 5 years of bogføringsloven."

    def handle(self, *args: Any, **options: Any) -> None:
        count = bank_lines_prune(today=timezone.localdate())
        self.stdout.write(f"{count} bank statements pruned.")
