"""Every write to the search index.

The index is derived data: it holds copies of public content that each module owns and
audits itself, so these services take no actor and write no audit entries. They are called
by the ``search_index_object`` task and by ``search_rebuild``.
"""

from __future__ import annotations

from django.db import transaction

from socius.core.search_registry import Document, registration_get, registrations
from socius.search.models import SearchDocument
from socius.search.text import stemmed_text


def _fields(document: Document) -> dict[str, object]:
    return {
        "module": document.module,
        "title": document.title[:300],
        "body": document.body,
        "url": document.url,
        "theme_slugs": "|" + "|".join(document.themes) + "|" if document.themes else "",
        "published_at": document.published,
        "title_stems": stemmed_text(document.title[:300]),
        "body_stems": stemmed_text(document.body),
    }


@transaction.atomic
def document_upsert(*, kind: str, pk: object, document: Document) -> SearchDocument:
    """Store or replace the index row of one object."""
    row, _created = SearchDocument.objects.update_or_create(
        kind=kind, object_pk=str(pk), defaults=_fields(document)
    )
    return row


@transaction.atomic
def document_delete(*, kind: str, pk: object) -> int:
    """Remove one object from the index; returns how many rows went (0 or 1)."""
    deleted, _detail = SearchDocument.objects.filter(kind=kind, object_pk=str(pk)).delete()
    return deleted


@transaction.atomic
def document_refresh(*, kind: str, pk: object) -> bool:
    """Ask the owning module about one object again; index it when it is public, remove it
    when it is gone or not public. Returns whether it is in the index now."""
    registration = registration_get(kind)
    if registration is None:
        document_delete(kind=kind, pk=pk)
        return False
    if registration.queryset is None:  # fixed pages: the key is the object
        document = registration.document(pk)
    else:
        obj = registration.queryset().filter(pk=pk).first()
        document = registration.document(obj) if obj is not None else None
    if document is None:
        document_delete(kind=kind, pk=pk)
        return False
    document_upsert(kind=kind, pk=pk, document=document)
    return True


def pages_index(*, using: str = "default") -> int:
    """Index every fixed page (``search_register_pages``) and drop the ones no longer
    registered under their kind. Runs after each ``migrate``; returns how many are indexed."""
    total = 0
    with transaction.atomic(using=using):
        for registration in registrations():
            if registration.pages is None:
                continue
            pages = registration.pages()
            rows = SearchDocument.objects.using(using)
            for key, document in pages.items():
                rows.update_or_create(
                    kind=registration.kind, object_pk=key, defaults=_fields(document)
                )
            rows.filter(kind=registration.kind).exclude(object_pk__in=list(pages)).delete()
            total += len(pages)
    return total


def document_bulk_create(documents: list[tuple[str, object, Document]]) -> int:
    """Insert many new rows at once (rebuild and benchmark); the table must not hold them."""
    rows = [
        SearchDocument(kind=kind, object_pk=str(pk), **_fields(doc)) for kind, pk, doc in documents
    ]
    SearchDocument.objects.bulk_create(rows, batch_size=500)
    return len(rows)
