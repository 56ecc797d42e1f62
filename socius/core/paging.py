"""Paged HTML lists: the page asked for in ``?side=``, and the other query parameters for the
page links (core/includes/pagination.html), so paging keeps the filters."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_with_query(request: HttpRequest, items: Any, per_page: int) -> tuple[Page[Any], str]:
    page = Paginator(items, per_page).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return page, query.urlencode()
