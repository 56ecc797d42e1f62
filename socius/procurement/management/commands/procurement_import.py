"""Import contracts from a CSV file: ``manage.py procurement_import aarhus kontrakter.csv``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm


class Command(BaseCommand):
    help = "Import contracts from a CSV file into a municipality's space, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("space")
        parser.add_argument("file", type=Path)
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, space: str, file: Path, quiet: bool, **options: Any) -> None:
        from socius.core.models import MunicipalSpace
        from socius.procurement.imports import ImportFileError, csv_rows, decode
        from socius.procurement.services import contracts_import

        target = MunicipalSpace.objects.filter(slug=space).first()
        if target is None:
            raise CommandError(f"No municipality space {space!r}.")
        try:
            rows = csv_rows(decode(file.read_bytes()))
        except (OSError, ImportFileError) as exc:
            raise CommandError(str(exc)) from exc
        with tqdm(total=len(rows), desc="Contracts", unit="rows", disable=quiet) as bar:

            def progress(done: int, total: int) -> None:
                bar.n = done
                bar.refresh()

            report = contracts_import(actor=None, space=target, rows=rows, progress=progress)
        if report.problems:
            for p in report.problems:
                self.stderr.write(f"line {p.line}: {p.reason}")
            raise CommandError(f"Nothing imported: {len(report.problems)} rows refused.")
        self.stdout.write(f"{report.created} contracts imported.")
