"""The one interface through which modules put their public content into search.

It lives in core, beside the other parts of the kit every module uses, so that a module (core
included) registers its content without importing the search app: the search app installs
itself as the indexer when it starts (``search_indexer_set``), and nothing depends on it.

A module registers each kind of content from its ``AppConfig.ready()`` (by importing its
``search.py``)::

    search_register(
        kind="organisation", module="core", model=Organisation, label=_("Organisation"),
        document=organisation_document,       # obj -> Document | None (None: not public)
        queryset=lambda: Organisation.objects.prefetch_related("themes"),
    )

Registering connects ``post_save`` and ``post_delete`` of ``model``: every change queues
the indexer (the search app's ``search_index_object`` task) once the transaction commits,
which asks ``document`` again and stores, updates or removes the row. ``search_rebuild`` walks every ``queryset``.

Pages that are no model's objects (the landing page of each service) register with
``search_register_pages(kind=..., module=..., label=..., pages=...)``: ``pages()`` returns
``{key: Document}``; they are indexed by ``search_rebuild`` (run after every deploy) and by ``seed_demo``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.utils.functional import Promise


@dataclass(frozen=True)
class Document:
    """What search knows about one public object. ``body`` is plain text, never HTML."""

    title: str
    body: str
    url: str
    kind: str
    module: str
    themes: tuple[str, ...] = ()
    published: datetime.datetime | None = None


@dataclass(frozen=True)
class Registration:
    kind: str
    module: str
    model: type[models.Model] | None
    document: Callable[[Any], Document | None]
    queryset: Callable[[], models.QuerySet[Any]] | None
    label: str | Promise = ""
    # Set for fixed pages (search_register_pages) instead of model and queryset.
    pages: Callable[[], dict[str, Document]] | None = None


_REGISTRY: dict[str, Registration] = {}


def search_register(
    *,
    kind: str,
    module: str,
    model: type[models.Model],
    document: Callable[[Any], Document | None],
    queryset: Callable[[], models.QuerySet[Any]],
    label: str | Promise = "",
) -> Registration:
    """Make ``kind`` searchable and keep its rows in step with ``model`` (see module doc)."""
    existing = _REGISTRY.get(kind)
    if existing is not None and existing.model is not model:
        raise ValueError(f"search kind {kind!r} is already registered for {existing.model}")
    registration = Registration(kind, module, model, document, queryset, label or kind)
    _REGISTRY[kind] = registration
    post_save.connect(_on_change, sender=model, dispatch_uid=f"search-save-{kind}", weak=False)
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"search-delete-{kind}", weak=False)
    return registration


def search_register_pages(
    *,
    kind: str,
    module: str,
    pages: Callable[[], dict[str, Document]],
    label: str | Promise = "",
) -> Registration:
    """Make fixed pages searchable: ``pages()`` returns ``{key: Document}`` (see module doc)."""
    existing = _REGISTRY.get(kind)
    if existing is not None and existing.pages is None:
        raise ValueError(f"search kind {kind!r} is already registered for {existing.model}")

    def document(key: Any) -> Document | None:
        return pages().get(str(key))

    registration = Registration(kind, module, None, document, None, label or kind, pages)
    _REGISTRY[kind] = registration
    return registration


Indexer = Callable[[str, object], None]
_INDEXER: list[Indexer] = []


def search_indexer_set(indexer: Indexer) -> None:
    """Called once by the search app: ``indexer(kind, pk)`` queues the object's re-indexing."""
    _INDEXER[:] = [indexer]


def search_index_on_commit(*, kind: str, pk: object) -> None:
    """Re-index one object once the surrounding transaction commits (the search app's task
    reads the committed state; a rolled-back change never reaches the index). Without the
    search app installed, nothing is indexed."""
    if _INDEXER:
        _INDEXER[0](kind, pk)


def _on_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: fixtures are indexed by search_rebuild
        return
    for registration in registrations_for_model(sender):
        search_index_on_commit(kind=registration.kind, pk=instance.pk)


def registrations() -> list[Registration]:
    """Every registered kind, by module and kind."""
    return sorted(_REGISTRY.values(), key=lambda r: (r.module, r.kind))


def registrations_for_model(model: type[models.Model]) -> list[Registration]:
    return [r for r in _REGISTRY.values() if r.model is model]


def registration_get(kind: str) -> Registration | None:
    return _REGISTRY.get(kind)


def kinds() -> list[str]:
    return sorted(_REGISTRY)


def modules() -> list[str]:
    return sorted({r.module for r in _REGISTRY.values()})
