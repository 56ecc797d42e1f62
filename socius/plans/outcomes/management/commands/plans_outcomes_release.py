"""Release one outcome table for a municipality, with a progress bar.

    manage.py plans_outcomes_release --municipality 751 --table domain_change --year 2026 \
        --epsilon 0.5 --by admin@example.org

The release is charged to the municipality's privacy budget like one asked for on the web
page (refused when the year's budget would be exceeded), and computed here instead of in a
task."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from socius.core.models import Municipality, Theme
from socius.plans.outcomes.models import Table
from socius.plans.outcomes.services import release_compute, release_create


class Command(BaseCommand):
    help = "Release one differentially private outcome table for a municipality."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True, help="Municipality code, e.g. 751.")
        parser.add_argument("--table", required=True, choices=Table.values)
        parser.add_argument("--year", required=True, type=int, help="Year the plans started.")
        parser.add_argument("--quarter", type=int, default=None, help="1-4; default whole year.")
        parser.add_argument("--epsilon", required=True, type=float)
        parser.add_argument("--theme", default=None, help="A theme's slug; default all plans.")
        parser.add_argument("--by", required=True, help="E-mail of the administrator releasing.")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(f"No municipality with the code {options['municipality']!r}.")
        theme = None
        if options["theme"]:
            theme = Theme.objects.filter(slug=options["theme"], is_active=True).first()
            if theme is None:
                raise CommandError(f"No theme with the address {options['theme']!r}.")
        actor = get_user_model().objects.filter(email__iexact=options["by"]).first()
        if actor is None:
            raise CommandError("No person with that e-mail.")
        try:
            release = release_create(
                actor=actor,
                municipality=municipality,
                table=options["table"],
                year=options["year"],
                quarter=options["quarter"],
                epsilon=options["epsilon"],
                theme=theme,
                enqueue=False,
            )
        except PermissionDenied as exc:
            raise CommandError("That person may not release outcome statistics.") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        bar = tqdm(
            total=0, desc="Releasing", unit="step", file=self.stderr._out,
            disable=options["verbosity"] == 0,
        )  # fmt: skip

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        release_compute(release=release, progress=progress)
        bar.close()
        self.stdout.write(f"Released {release.public_id} (epsilon {release.epsilon}).")
