"""Build a municipality's OCDS releases and records and check them against the vendored
schemas, with a progress bar; print the number of errors (exit status 1 when there are any)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from socius.procurement.ocds import selectors, validation
from socius.procurement.ocds.schemas import fast_engine


class Command(BaseCommand):
    help = (
        "Build the OCDS release and record packages of a municipality (one year, or all of "
        "its contracts) and validate them against the vendored OCDS 1.1.5 schemas."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("space", help="The municipality's address, e.g. aarhus.")
        parser.add_argument("--year", type=int, help="Only the contracts of this year.")
        parser.add_argument(
            "--engine",
            choices=["jsonschema", "rs"],
            help="Validation engine (default: jsonschema_rs when installed, else jsonschema).",
        )
        parser.add_argument("--show", type=int, default=20, help="Errors to print (default 20).")

    def handle(self, *args: Any, **options: Any) -> None:
        space = selectors.space_for_data(slug=options["space"])
        if space is None:
            raise CommandError(
                f"No participating municipality with the address {options['space']!r}."
            )
        year = options["year"]
        if year is not None and not selectors.FIRST_YEAR <= year <= selectors.LAST_YEAR:
            raise CommandError(f"The year must be {selectors.FIRST_YEAR}-{selectors.LAST_YEAR}.")
        contracts = selectors.contracts_for_data(space=space, year=year)
        bar = tqdm(
            total=contracts.count(),
            desc="OCDS",
            unit="contract",
            disable=options["verbosity"] == 0,
            file=self.stderr,
        )
        report = validation.validate_space(
            space=space,
            year=year,
            engine=options["engine"] or fast_engine(),
            progress=bar.update,
        )
        bar.close()
        for error in report.errors[: options["show"]]:
            self.stdout.write(str(error))
        self.stdout.write(
            f"{report.releases} releases, {report.records} records: {len(report.errors)} errors."
        )
        if report.errors:
            raise CommandError(f"{len(report.errors)} errors.", returncode=1)
