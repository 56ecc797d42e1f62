"""Reads of the search index: ``search_query`` is the one way in for the page and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from socius.core.search_registry import registration_get
from socius.search.models import SearchDocument
from socius.search.query import (
    LISTED,
    Filters,
    Match,
    Ranking,
    query_tokens,
    search_match,
    search_ranked,
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
    """``total``: how many documents the search lists (all matches, or ``LISTED``);
    ``more``: more documents matched than it lists."""

    total: int
    hits: list[SearchHit]
    tokens: list[str]
    more: bool = False


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


def search_listed(
    *, stems: list[str], filters: Filters, prefix: bool = False
) -> tuple[list[tuple[int, float]], bool]:
    """Every document the search lists, as (id, rank), in order: the landing pages of the
    services the query names first (``_service_ids``), then the ranking of
    ``query.search_ranked``; and whether more documents matched than are listed."""
    match = search_match(stems, filters=filters, prefix=prefix)
    ranking = search_ranked(match, filters=filters)
    services = _service_ids(match, filters=filters)
    return _services_first(services, ranking), ranking.more


def search_query(
    *,
    q: str,
    filters: Filters | None = None,
    limit: int = 20,
    offset: int = 0,
    prefix: bool = False,
) -> SearchResults:
    """Public documents that contain every word of ``q`` (stemmed, stop words left out),
    best first: a hit in the title weighs more than one in the text. With ``prefix`` the
    last word also matches longer words ("fælles" finds "fællesskab"). The landing pages of
    the services the query names come first (``_services_first``). When more than
    ``query.LISTED`` documents match, the newest ``LISTED`` are listed and ``more`` is set
    (``query.py``). Never raises for any ``q``; see ``query.py`` for the threat model.
    The total is the length of that list, so it costs nothing to report."""
    filters = filters or Filters()
    stems = query_tokens(q)
    listed, more = search_listed(stems=stems, filters=filters, prefix=prefix)
    page = listed[offset : offset + limit]
    return SearchResults(
        total=len(listed), hits=_hits(stems, page, prefix), tokens=stems, more=more
    )


def _service_ids(match: Match | None, *, filters: Filters) -> list[int]:
    """The service landing pages that hold the match, those with the query's words in their
    title first. There are a handful, so they are matched here, on their stems, word group
    by word group as the engines do."""
    if match is None or filters.kind not in {"", SERVICE_KIND}:
        return []
    if filters.module not in {"", "core"} or filters.theme:
        return []  # services have no theme
    if filters.published_from or filters.published_before:
        return []  # nor a publication date
    rows = SearchDocument.objects.filter(module="core", kind=SERVICE_KIND).order_by("id")
    found = []
    for pk, title_stems, body_stems in rows.values_list("id", "title_stems", "body_stems"):
        title, words = title_stems.split(), set(title_stems.split() + body_stems.split())
        if all(words.intersection(group) for group in match.groups):
            found.append((not all(stem in title for stem in match.rank_stems), pk))
    return [pk for _in_title, pk in sorted(found)]


def _services_first(services: list[int], ranking: Ranking) -> list[tuple[int, float]]:
    """The matching services, then every other listed hit by rank.

    Someone who types a service's name ("borgerforslag") wants the service, not the texts
    that mention it most. The count stays the same (the services are hits anyway, and when
    more than ``LISTED`` match, the list stays ``LISTED`` long); paging neither skips nor
    repeats a hit, as every page is cut from the same list."""
    if not services:
        return ranking.hits
    ranks = dict(ranking.hits)
    service_set = set(services)
    ordered = [(pk, ranks.get(pk, 0.0)) for pk in services]
    ordered += [(pk, rank) for pk, rank in ranking.hits if pk not in service_set]
    return ordered[:LISTED]


class SearchHitList:
    """A lazy result list for Django's ``Paginator``: one search, then one page of hits."""

    def __init__(self, *, q: str, filters: Filters, prefix: bool = False) -> None:
        self.q, self.filters, self.prefix = q, filters, prefix
        self.stems = query_tokens(q)
        self._listed: list[tuple[int, float]] | None = None
        self._more = False

    def _list(self) -> list[tuple[int, float]]:
        if self._listed is None:
            self._listed, self._more = search_listed(
                stems=self.stems, filters=self.filters, prefix=self.prefix
            )
        return self._listed

    @property
    def more(self) -> bool:
        """More documents matched than the list holds (``query.LISTED``)."""
        self._list()
        return self._more

    def count(self) -> int:
        return len(self._list())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: Any) -> list[SearchHit]:
        if not isinstance(index, slice):
            raise TypeError("SearchHitList supports slices only")
        return _hits(self.stems, self._list()[index], self.prefix)
