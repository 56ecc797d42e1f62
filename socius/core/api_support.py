"""Pieces every module's JSON API uses: bounded paging and the slug check before the database."""

from __future__ import annotations

import re

from django.http import Http404
from ninja import Field
from ninja.pagination import LimitOffsetPagination

# An offset past this is past any list here; without a bound, a huge offset overflows the
# database's integer (a 500 on SQLite) instead of answering 422.
MAX_OFFSET = 1_000_000

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset paging (limit 1-100) with the offset bounded."""

    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def slug_or_404(slug: str, max_length: int) -> str:
    """``slug`` if it can name a SlugField value of ``max_length``; otherwise 404, before any
    query (a NUL byte is an error in PostgreSQL, not a miss)."""
    if len(slug) > max_length or not _SLUG.fullmatch(slug):
        raise Http404
    return slug
