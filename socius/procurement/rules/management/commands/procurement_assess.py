"""Re-assess contracts against the procurement rules (all, or one municipality's).

Run it after a change of the rules that did not go through the library pages, or to check
the stored assessments: the result is the same as the receiver of ``contracts_changed``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from socius.core.models import MunicipalSpace
from socius.procurement.rules.services import assessments_refresh


class Command(BaseCommand):
    help = "Assess every contract (or one municipality's) against the procurement rules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--space", help="Only this municipality's contracts (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        space = None
        if options["space"]:
            space = MunicipalSpace.objects.filter(slug=options["space"]).first()
            if space is None:
                raise CommandError(f"No municipality with the slug {options['space']!r}.")
        bar = tqdm(
            total=0, desc="Assessing", unit="contract", file=self.stderr._out,
            disable=options["verbosity"] == 0,
        )  # fmt: skip

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        count = assessments_refresh(space=space, progress=progress)
        bar.close()
        self.stdout.write(f"Assessed {count} contracts.")
