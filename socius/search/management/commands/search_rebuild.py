"""Rebuild the whole search index from every registered module.

By default the rebuild runs in this process, with a progress bar, and the command ends when
the new index is committed: what an operator running it after a deploy expects. ``--queue``
hands it to a task worker instead and returns at once; a worker that dies during the rebuild
leaves the old index, and the next worker runs it again (socius/search/tasks.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from socius.search.tasks import index_rebuild, search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from every module's public content, in one transaction. "
        "With --queue a task worker does it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the rebuild for a task worker (manage.py db_worker) and return at once.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            result = search_index_rebuild.enqueue()
            self.stdout.write(f"Queued the rebuild as task {result.id}; a task worker runs it.")
            return
        quiet = options["verbosity"] == 0

        def progress(objects: Iterator[Any], total: int, label: str) -> Iterable[Any]:
            return tqdm(objects, total=total, desc=label, unit="obj", disable=quiet)

        total = index_rebuild(progress=progress)
        self.stdout.write(f"Indexed {total} documents.")
