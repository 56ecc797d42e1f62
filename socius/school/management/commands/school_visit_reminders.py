"""Daily: remind teachers and associations of tomorrow's visits, mark past visits held and
invite both sides to evaluate them. Running it twice sends nothing twice (``reminded_at``,
and a held visit is no longer confirmed). ``--queue`` leaves the work to a task worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm


class Command(BaseCommand):
    help = "Send visit reminders for tomorrow and evaluation invitations (daily; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")
        parser.add_argument(
            "--queue", action="store_true", help="Queue the task for a worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from socius.school.services_visits import visit_reminders_send
        from socius.school.tasks_visits import school_visit_reminders_send

        if options["queue"]:
            result = school_visit_reminders_send.enqueue()
            self.stdout.write(f"Queued task {result.id}.")
            return
        quiet = options["quiet"] or options["verbosity"] == 0

        def progress(items: Any, total: int) -> Any:
            return tqdm(items, total=total, desc="Visits", unit="visits", disable=quiet,
                        file=self.stderr._out)  # fmt: skip

        counts = visit_reminders_send(progress=progress)
        self.stdout.write(f"{counts['reminded']} reminded, {counts['held']} marked held.")
