"""Reads of the search index: ``search_query`` is the one way in for the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString

from socius.core.search_registry import registration_get
from socius.search.models import SearchDocument
from socius.search.query import (
    Filters,
    query_tokens,
    search_count,
    search_ids,
    search_ids_counted,
)
from socius.search.snippets import SNIPPET_WORDS, highlight

# The kind of the services' landing pages (registered by core).
SERVICE_KIND = "service"


@dataclass(frozen=True)
class SearchHit:
    """One result: the stored document, its rank (lower is better) and marked-up text."""

    document: SearchDocument
    rank: float
    title_html: SafeString
    snippet_html: SafeString

    @property
    def kind_label(self) -> str:
        registration = registration_get(self.document.kind)
        return str(registration.label) if registration else self.document.kind


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    tokens: list[str]


def _hits(stems: list[str], ranked: list[tuple[int, float]], prefix: bool) -> list[SearchHit]:
    docs = SearchDocument.objects.in_bulk([pk for pk, _rank in ranked])
    prefix_stem = stems[-1] if prefix and stems else ""
    exact = set(stems) - ({prefix_stem} if prefix_stem else set())
    hits = []
    for pk, rank in ranked:
        doc = docs.get(pk)
        if doc is None:  # removed between the two queries
            continue
        hits.append(
            SearchHit(
                document=doc,
                rank=rank,
                title_html=highlight(doc.title, exact, prefix_stem=prefix_stem),
                snippet_html=highlight(
                    doc.body, exact, prefix_stem=prefix_stem, max_words=SNIPPET_WORDS
                ),
            )
        )
    return hits


def search_query(
    *,
    q: str,
    filters: Filters | None = None,
    limit: int = 20,
    offset: int = 0,
    prefix: bool = False,
    count: bool = True,
) -> SearchResults:
    """Public documents that contain every word of ``q`` (stemmed, stop words left out),
    best first: a hit in the title weighs more than one in the text. With ``prefix`` the
    last word also matches longer words ("fælles" finds "fællesskab"). The landing pages of
    the services the query names come first (``_services_first``). Never raises for any
    ``q``; see ``query.py`` for the threat model."""
    filters = filters or Filters()
    stems = query_tokens(q)
    total: int | None
    services = _service_ids(stems, filters=filters, prefix=prefix)
    if services:
        ranked = _services_first(stems, services, filters, limit, offset, prefix)
        total = search_count(stems, filters=filters, prefix=prefix) if count else len(ranked)
    elif count and connection.vendor == "postgresql":
        ranked, total = search_ids_counted(
            stems, filters=filters, limit=limit, offset=offset, prefix=prefix
        )
        if total is None:
            total = search_count(stems, filters=filters, prefix=prefix)
    else:
        ranked = search_ids(stems, filters=filters, limit=limit, offset=offset, prefix=prefix)
        total = search_count(stems, filters=filters, prefix=prefix) if count else len(ranked)
    return SearchResults(total=total, hits=_hits(stems, ranked, prefix), tokens=stems)


def _service_ids(stems: list[str], *, filters: Filters, prefix: bool) -> list[int]:
    """The service landing pages that contain every word of the query, those with the words
    in their title first. There are a handful, so they are matched here, on their stems."""
    if not stems or filters.kind not in {"", SERVICE_KIND} or filters.module not in {"", "core"}:
        return []
    if filters.theme or filters.published_from or filters.published_before:
        return []  # services have no theme and no publication date
    rows = SearchDocument.objects.filter(module="core", kind=SERVICE_KIND).order_by("id")
    found = []
    for pk, title_stems, body_stems in rows.values_list("id", "title_stems", "body_stems"):
        title, words = title_stems.split(), set(title_stems.split() + body_stems.split())
        last = stems[-1]
        last_found = last in words or (prefix and any(w.startswith(last) for w in words))
        if last_found and all(stem in words for stem in stems[:-1]):
            found.append((not all(stem in title for stem in stems), pk))
    return [pk for _in_title, pk in sorted(found)]


def _services_first(
    stems: list[str],
    services: list[int],
    filters: Filters,
    limit: int,
    offset: int,
    prefix: bool,
) -> list[tuple[int, float]]:
    """The page at ``offset`` of: the matching services, then every other hit by rank.

    Someone who types a service's name ("borgerforslag") wants the service, not the texts
    that mention it most. The count stays the same (the services are hits anyway); later
    pages shift by the services moved up, so paging neither skips nor repeats a hit. The
    ranking is read up to the end of the page (the API caps offsets at 10,000), and only for
    the few queries that name a service."""
    ranking = search_ids(
        stems, filters=filters, limit=offset + limit + len(services), offset=0, prefix=prefix
    )
    ranks = dict(ranking)
    service_set = set(services)
    ordered = [(pk, ranks.get(pk, 0.0)) for pk in services]
    ordered += [(pk, rank) for pk, rank in ranking if pk not in service_set]
    return ordered[offset : offset + limit]


class SearchHitList:
    """A lazy result list for Django's ``Paginator``: one count, one page of hits."""

    def __init__(self, *, q: str, filters: Filters, prefix: bool = False) -> None:
        self.q, self.filters, self.prefix = q, filters, prefix
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = search_count(
                query_tokens(self.q), filters=self.filters, prefix=self.prefix
            )
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> list[SearchHit]:
        if not isinstance(index, slice):
            raise TypeError("SearchHitList supports slices only")
        start = index.start or 0
        stop = start if index.stop is None else index.stop
        results = search_query(
            q=self.q,
            filters=self.filters,
            limit=max(0, stop - start),
            offset=start,
            prefix=self.prefix,
            count=False,
        )
        return results.hits
