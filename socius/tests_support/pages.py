"""Reading pages in tests: the main content of a page, and how many queries it costs."""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


def main_of(client: Any, url: str) -> str:
    """The page at ``url`` from ``<main`` on: what the page itself shows, not the header."""
    return str(client.get(url).text.split("<main", 1)[1])


def query_count(client: Any, url: str) -> int:
    """The queries a request for ``url`` makes with the page caches empty, once what the
    process keeps in the default cache for every page (Wagtail's site paths) is there."""
    client.get(url)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)
