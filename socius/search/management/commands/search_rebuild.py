"""Rebuild the whole search index from every registered module."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from socius.core.search_registry import Document, registrations
from socius.search.models import SearchDocument
from socius.search.services import document_bulk_create

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search index from every module's public content."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            for registration in registrations():
                if registration.pages is not None:
                    pages = registration.pages().items()
                    total += document_bulk_create([(registration.kind, k, d) for k, d in pages])
                    continue
                assert registration.queryset is not None  # noqa: S101 (a model registration)
                queryset = registration.queryset()
                batch: list[tuple[str, object, Document]] = []
                label = f"{registration.module}.{registration.kind}"
                for obj in tqdm(
                    queryset.iterator(chunk_size=BATCH),
                    total=queryset.count(),
                    desc=label,
                    unit="obj",
                    disable=options["verbosity"] == 0,
                ):
                    document = registration.document(obj)
                    if document is not None:
                        batch.append((registration.kind, obj.pk, document))
                    if len(batch) >= BATCH:
                        total += document_bulk_create(batch)
                        batch = []
                total += document_bulk_create(batch)
        self.stdout.write(f"Indexed {total} documents.")
