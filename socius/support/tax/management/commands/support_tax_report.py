"""Build the yearly report to Skattestyrelsen: ``manage.py support_tax_report --year 2026``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from socius.support.tax.caps import cap_for
from socius.support.tax.models import TaxReport


class Command(BaseCommand):
    help = "Build the yearly tax report (ligningsloven § 8 A and § 12, stk. 3) with progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, year: int, quiet: bool, **options: Any) -> None:
        from django.conf import settings

        from socius.support.tax.report import report_build

        report = TaxReport.objects.create(
            year=year, cvr=settings.SUPPORT_TAX_CVR, cap_ore=cap_for(year).ore
        )
        with tqdm(desc=f"Report {year}", unit="donors", disable=quiet) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            report = report_build(report=report, progress=progress)
        self.stdout.write(
            f"Report {year}: {report.donors} donors, {report.donors_without_cpr} without a CPR "
            f"number; deductible {report.total_ore} øre, reported after the cap "
            f"{report.capped_ore} øre."
        )
