from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socius.core.cache import public_page
from socius.core.paging import page_with_query
from socius.search.forms import SearchForm
from socius.search.query import LISTED
from socius.search.selectors import SearchHitList

PAGE_SIZE = 20


@public_page()
def search_page(request: HttpRequest) -> HttpResponse:
    """The search page: a GET form (no CSRF token), so anonymous pages can be cached."""
    form = SearchForm(request.GET or None)
    page: Page[Any] | None = None
    q = query = ""
    more = False
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            hits = SearchHitList(q=q, filters=form.filters())
            page, query = page_with_query(request, hits, PAGE_SIZE)
            more = hits.more
    return render(
        request,
        "search/search_page.html",
        {"form": form, "page": page, "q": q, "query": query, "more": more, "listed": LISTED},
    )
