"""Background work of search: keep one object's index row in step with its module, and
rebuild the whole index.

The rebuild is one transaction: until it commits, searches read the old index, and a rebuild
that dies (its worker killed, the database restarted) leaves the old index as it was; the
task then runs again (socius/core/workers.py) and builds the index once. One row per object
is a constraint of the table (``search_document_once``), so nothing can store a second. The
rebuild replaces the rows of objects already indexed rather than deleting them first, so
they keep their ids: search lists the newest documents by id (``query.LISTED``), and a
rebuild must not make every document as new as the last one it wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from socius.core.search_registry import Document, Registration, registrations
from socius.search.models import SearchDocument, SearchWord
from socius.search.services import (
    BATCH,
    document_refresh,
    documents_store,
    documents_upsert,
)

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
    transaction, and remove the rows of objects no module lists any more. Returns the number
    of documents indexed."""
    total = 0
    with transaction.atomic():
        _index_lock()
        started = timezone.now()
        SearchWord.objects.all().delete()  # words of removed documents go too
        for registration in registrations():
            if registration.pages is not None:
                pages = registration.pages().items()
                total += documents_upsert([(registration.kind, k, d) for k, d in pages])
                continue
            assert registration.queryset is not None  # noqa: S101 (a model registration)
            queryset = registration.queryset()
            objects: Iterable[Any] = queryset.iterator(chunk_size=BATCH)
            if progress is not None:
                label = f"{registration.module}.{registration.kind}"
                objects = progress(iter(objects), queryset.count(), label)
            total += documents_store(_documents(registration, objects))
        # Every row written above has a newer ``updated_at``; the others are of objects that
        # are gone, no longer public, or of a kind no longer registered.
        SearchDocument.objects.filter(updated_at__lt=started).delete()
    return total


def _documents(
    registration: Registration, objects: Iterable[Any]
) -> Iterator[tuple[str, object, Document]]:
    for obj in objects:
        document = registration.document(obj)
        if document is not None:
            yield registration.kind, obj.pk, document


def _index_lock() -> None:
    """On PostgreSQL, make index writers (``search_index_object``, another rebuild) wait
    until this rebuild commits: a row one of them wrote meanwhile could be replaced by what
    the rebuild read before, or kept though the rebuild saw its object gone. Searches still
    read. On SQLite the transaction holds the
    database's one write lock from its start (``transaction_mode = "IMMEDIATE"``)."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
