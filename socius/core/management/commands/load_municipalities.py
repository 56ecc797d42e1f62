from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from socius.core.geography import GeographyError, geography_load, geography_read
from socius.core.models import Municipality, Region


class Command(BaseCommand):
    help = (
        "Load or refresh regions and municipalities from Statistics Denmark's geography file "
        "(semicolon-separated: SEKVENS;KODE;NIVEAU;TITEL;Region;Landsdel)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=Path(settings.SOCIUS_DATA_DIR) / "dst_geografi.csv",
            help="The CSV file (default: the copy shipped with Socius).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        try:
            rows = geography_read(options["file"])
            with transaction.atomic():
                regions, municipalities = geography_load(
                    rows, Region, Municipality, lambda r: tqdm(r, unit="rows", disable=quiet)
                )
        except GeographyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {regions} regions and {municipalities} municipalities.")
        )
