"""Charge the recurring payments that are due. Run daily; running it twice charges nothing
twice (each charge's idempotency key is the mandate and its due date)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from socius.support.payments.models import Mandate
from socius.support.payments.services import mandates_charge_due


class Command(BaseCommand):
    help = "Charge the mandates whose next charge is due (safe to run more than once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        total = Mandate.objects.filter(
            status__in=[Mandate.Status.ACTIVE, Mandate.Status.FAILING], next_charge_on__lte=today
        ).count()
        with tqdm(total=total, unit="mandates", disable=options["verbosity"] == 0) as bar:
            run = mandates_charge_due(today=today, progress=bar.update)
        self.stdout.write(
            f"{run.charged} charged, {run.failed} failed ({run.stopped} stopped), "
            f"{run.retry_later} to try again."
        )
