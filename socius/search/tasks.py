"""Background work of search: keep one object's index row in step with its module, and
rebuild the whole index.

The rebuild is one transaction: until it commits, searches read the old index, and a rebuild
that dies (its worker killed, the database restarted) leaves the old index as it was; the
task then runs again (socius/core/workers.py) and builds the index once. One row per object
is a constraint of the table (``search_document_once``), so nothing can store a second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.tasks import task

from socius.core.search_registry import Document, registrations
from socius.search.models import SearchDocument
from socius.search.services import document_bulk_create, document_refresh

BATCH = 500

# ``progress(objects, total, label)`` wraps each kind's objects (a progress bar).
Progress = Callable[[Iterator[Any], int, str], Iterable[Any]]


@task()
def search_index_object(kind: str, pk: str) -> bool:
    """Index, update or remove one object (see ``services.document_refresh``)."""
    return document_refresh(kind=kind, pk=pk)


@task()
def search_index_rebuild() -> int:
    """Rebuild the whole index (``index_rebuild``); returns how many documents it holds."""
    return index_rebuild()


def search_index_on_commit(*, kind: str, pk: object) -> None:
    """Queue ``search_index_object`` once the surrounding transaction commits, so a
    rolled-back change never reaches the index and the task reads the committed state."""
    key = str(pk)
    transaction.on_commit(lambda: search_index_object.enqueue(kind=kind, pk=key))


def index_rebuild(*, progress: Progress | None = None) -> int:
    """Replace every row of the index with what each registered module says now, in one
    transaction. Returns the number of documents indexed."""
    total = 0
    with transaction.atomic():
        _index_lock()
        SearchDocument.objects.all().delete()
        for registration in registrations():
            if registration.pages is not None:
                pages = registration.pages().items()
                total += document_bulk_create([(registration.kind, k, d) for k, d in pages])
                continue
            assert registration.queryset is not None  # noqa: S101 (a model registration)
            queryset = registration.queryset()
            objects: Iterable[Any] = queryset.iterator(chunk_size=BATCH)
            if progress is not None:
                label = f"{registration.module}.{registration.kind}"
                objects = progress(iter(objects), queryset.count(), label)
            batch: list[tuple[str, object, Document]] = []
            for obj in objects:
                document = registration.document(obj)
                if document is not None:
                    batch.append((registration.kind, obj.pk, document))
                if len(batch) >= BATCH:
                    total += document_bulk_create(batch)
                    batch = []
            total += document_bulk_create(batch)
    return total


def _index_lock() -> None:
    """On PostgreSQL, make index writers (``search_index_object``, another rebuild) wait
    until this rebuild commits: one that inserted a row meanwhile would make the rebuild's
    insert of the same object fail. Searches still read. On SQLite the transaction holds the
    database's one write lock from its start (``transaction_mode = "IMMEDIATE"``)."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
