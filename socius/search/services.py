"""Every write to the search index.

The index is derived data: it holds copies of public content that each module owns and
audits itself, so these services take no actor and write no audit entries. They are called
by the ``search_index_object`` task and by ``search_rebuild``.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import batched

from django.db import reset_queries, transaction

from socius.core.search_registry import Document, registration_get, registrations
from socius.search.facets import facet_words
from socius.search.models import SearchDocument, SearchWord
from socius.search.text import stemmed_text

BATCH = 500


def _fields(document: Document) -> dict[str, object]:
    facets = facet_words(
        module=document.module,
        kind=document.kind,
        themes=document.themes,
        published=document.published,
    )
    return {
        "module": document.module,
        "title": document.title[:300],
        "body": document.body,
        "url": document.url,
        "theme_slugs": "|" + "|".join(document.themes) + "|" if document.themes else "",
        "published_at": document.published,
        "title_stems": stemmed_text(document.title[:300]),
        "body_stems": stemmed_text(document.body),
        "facets": " ".join(facets),
    }


# What a new version of an indexed document replaces: all but its kind, key and creation.
_REPLACED = [
    "module",
    "title",
    "body",
    "url",
    "theme_slugs",
    "published_at",
    "title_stems",
    "body_stems",
    "facets",
]


def _words_add(rows: list[SearchDocument], *, using: str = "default") -> None:
    """Add the rows' stems to the word list that prefix search reads (``SearchWord``).
    Sorted, so that two transactions adding the same new words wait for each other in the
    same order instead of deadlocking."""
    words = {w for row in rows for w in f"{row.title_stems} {row.body_stems}".split()}
    SearchWord.objects.using(using).bulk_create(
        [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=BATCH
    )


@transaction.atomic
def document_upsert(*, kind: str, pk: object, document: Document) -> SearchDocument:
    """Store or replace the index row of one object."""
    row, _created = SearchDocument.objects.update_or_create(
        kind=kind, object_pk=str(pk), defaults=_fields(document)
    )
    _words_add([row])
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
            stored = [
                rows.update_or_create(
                    kind=registration.kind, object_pk=key, defaults=_fields(document)
                )[0]
                for key, document in pages.items()
            ]
            _words_add(stored, using=using)
            rows.filter(kind=registration.kind).exclude(object_pk__in=list(pages)).delete()
            total += len(pages)
    return total


def documents_upsert(documents: list[tuple[str, object, Document]]) -> int:
    """Store many rows at once: new objects get a row, objects already indexed (the same
    kind and key) have theirs replaced and keep its id, which is how search tells the
    newest documents (``query.LISTED``). Returns how many rows were written."""
    rows = [
        SearchDocument(kind=kind, object_pk=str(pk), **_fields(doc)) for kind, pk, doc in documents
    ]
    SearchDocument.objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["kind", "object_pk"],
        update_fields=[*_REPLACED, "updated_at"],
    )
    _words_add(rows)
    return len(rows)


def documents_store(documents: Iterable[tuple[str, object, Document]]) -> int:
    """``documents_upsert`` from an iterable of any length (rebuild and benchmark), ``BATCH``
    at a time, so memory stays that of one batch. Returns how many were stored."""
    total = 0
    for batch in batched(documents, BATCH, strict=False):
        total += documents_upsert(list(batch))
        # With DEBUG on, Django keeps every query's SQL; a million documents' inserts would
        # otherwise grow the process by their whole text.
        reset_queries()
    return total
