"""GET /api/search: the same search as the page, as JSON."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from socius.core import search_registry as registry
from socius.core.api_support import OneOf, responses
from socius.search.facets import published_between
from socius.search.query import LISTED, MAX_QUERY_CHARS, Filters
from socius.search.selectors import search_query

router = Router(tags=["search"])
MAX_LIMIT = 100


class SearchParams(Schema):
    q: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS)
    # The registry's modules and kinds (socius.core.search_registry), an enum in the document.
    module: Annotated[str, OneOf(registry.modules)] | None = None
    kind: Annotated[str, OneOf(registry.kinds)] | None = None
    theme: str | None = Field(None, max_length=80, pattern=r"^[-a-z0-9_]+$")
    published_from: datetime.date | None = None
    published_to: datetime.date | None = None
    prefix: bool = False
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000)


class SearchHitOut(Schema):
    kind: str
    module: str
    title: str
    url: str
    themes: list[str]
    published_at: datetime.datetime | None
    snippet_html: str
    title_html: str


class SearchOut(Schema):
    count: int = Field(
        ..., description=f"How many results the search lists: every match, or at most {LISTED}."
    )
    more: bool = Field(
        ...,
        description=(
            f"More than {LISTED} documents match: the search lists the {LISTED} newest of them, "
            "the best match first. Add a word or a filter to find fewer."
        ),
    )
    results: list[SearchHitOut]


@router.get("/search", response=responses(SearchOut, 422))
def search(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Public content that contains every word of ``q``, best first; when more documents
    match than a search lists, the newest of them, best first, and ``more`` is true.
    ``snippet_html`` and ``title_html`` are HTML-escaped text with hits wrapped in
    ``<mark>``."""
    start, before = published_between(params.published_from, params.published_to)
    filters = Filters(
        module=params.module or "",
        kind=params.kind or "",
        theme=params.theme or "",
        published_from=start,
        published_before=before,
    )
    results = search_query(
        q=params.q, filters=filters, limit=params.limit, offset=params.offset, prefix=params.prefix
    )
    return {
        "count": results.total,
        "more": results.more,
        "results": [
            {
                "kind": hit.document.kind,
                "module": hit.document.module,
                "title": hit.document.title,
                "url": hit.document.url,
                "themes": hit.document.themes,
                "published_at": hit.document.published_at,
                "snippet_html": str(hit.snippet_html),
                "title_html": str(hit.title_html),
            }
            for hit in results.hits
        ],
    }
