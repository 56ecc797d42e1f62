"""Delete expired rows from every database cache table (run daily, docs/operations.md).

Django's database cache removes expired rows only when a table passes ``MAX_ENTRIES``, so
without this a counter stays on disk long after it stopped counting, and in every backup.
Caches that are not database tables (memory, Redis) expire their entries themselves and are
left alone.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management.base import BaseCommand
from django.db import connections, router
from django.utils import timezone


class Command(BaseCommand):
    help = "Delete expired rows from every database cache table. Safe to run at any time."

    def handle(self, *args: Any, **options: Any) -> None:
        for alias in caches.settings:
            cache = caches[alias]
            if not isinstance(cache, DatabaseCache):
                continue
            deleted = purge_expired(cache)
            if options["verbosity"] >= 1:
                self.stdout.write(f"{alias}: {deleted} expired rows deleted")


def purge_expired(cache: DatabaseCache) -> int:
    """Delete the rows of ``cache`` whose expiry has passed; return how many."""
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(cache._table)  # type: ignore[attr-defined]
    expires = connection.ops.quote_name("expires")
    # As Django's own cull compares: the current time without microseconds.
    now = timezone.now().replace(microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {expires} < %s",  # noqa: S608 - quoted table name
            [connection.ops.adapt_datetimefield_value(now)],
        )
        return cursor.rowcount
