"""Background work of search: keep one object's index row in step with its module."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from socius.search.services import document_refresh


@task()
def search_index_object(kind: str, pk: str) -> bool:
    """Index, update or remove one object (see ``services.document_refresh``)."""
    return document_refresh(kind=kind, pk=pk)


def search_index_on_commit(*, kind: str, pk: object) -> None:
    """Queue ``search_index_object`` once the surrounding transaction commits, so a
    rolled-back change never reaches the index and the task reads the committed state."""
    key = str(pk)
    transaction.on_commit(lambda: search_index_object.enqueue(kind=kind, pk=key))
