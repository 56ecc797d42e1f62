from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from socius.atlas.sources.embedded import DEFAULT_CSV, embedded_load


class Command(BaseCommand):
    help = (
        "Load the atlas's indicator definitions and figures: by default the file shipped with "
        "Socius (socius/atlas/data/indikatorer.csv). Idempotent: unchanged figures are left "
        "alone, changed ones keep their old value in the history."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_CSV,
            help="A CSV in the same shape as indikatorer.csv (default: the shipped file).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["verbosity"] == 0
        try:
            with tqdm(unit="figures", disable=quiet) as bar:
                results = embedded_load(path=options["file"], progress=bar.update)
        except (ValidationError, OSError) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise CommandError(message) from exc
        created = sum(r.created for r in results)
        revised = sum(r.revised for r in results)
        unchanged = sum(1 for r in results if r.skipped)
        self.stdout.write(
            self.style.SUCCESS(
                f"{created} figures created, {revised} revised; "
                f"{unchanged} of {len(results)} sources already up to date."
            )
        )
