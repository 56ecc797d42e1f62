from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from socius.atlas.models import Indicator
from socius.atlas.sources.fetch import FORMATS, indicator_fetch
from socius.atlas.sources.statbank import StatBankClient


class Command(BaseCommand):
    help = (
        "Fetch indicators' figures from Danmarks Statistik's StatBank API and import them as a "
        "new version of their source (changed values keep their history). Without --indicator: "
        "every active indicator with a StatBank query."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--indicator", action="append", default=[], metavar="CODE", help="Indicator code."
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="StatBank API address (default: SOCIUS_ATLAS_STATBANK_URL or "
            "https://api.statbank.dk/v1).",
        )
        parser.add_argument("--format", choices=FORMATS, default="BULK")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        indicators = Indicator.objects.select_related("source").exclude(query={})
        if options["indicator"]:
            indicators = indicators.filter(code__in=options["indicator"])
            unknown = set(options["indicator"]) - {i.code for i in indicators}
            if unknown:
                raise CommandError(
                    f"No indicator with a StatBank query: {', '.join(sorted(unknown))}"
                )
        else:
            indicators = indicators.filter(is_active=True)
        try:
            client = StatBankClient(options["base_url"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        failed = []
        for indicator in indicators:
            try:
                with tqdm(desc=indicator.code, unit="figures", disable=quiet) as bar:
                    result = indicator_fetch(
                        actor=None,
                        indicator=indicator,
                        client=client,
                        fmt=options["format"],
                        progress=bar.update,
                    )
            except ValidationError as exc:
                failed.append(indicator.code)
                self.stderr.write(f"{indicator.code}: {'; '.join(exc.messages)}")
                continue
            if result.skipped:
                self.stdout.write(f"{indicator.code}: unchanged since the last fetch.")
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{indicator.code}: {result.created} figures created, "
                        f"{result.revised} revised, {result.unchanged} unchanged."
                    )
                )
        if failed:
            raise CommandError(f"Not fetched: {', '.join(failed)}")
