from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from socius.core.cache import public_page
from socius.search.forms import SearchForm
from socius.search.selectors import SearchHitList

PAGE_SIZE = 20


@public_page()
def search_page(request: HttpRequest) -> HttpResponse:
    """The search page: a GET form (no CSRF token), so anonymous pages can be cached."""
    form = SearchForm(request.GET or None)
    page: Page[Any] | None = None
    q = ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            hits = SearchHitList(q=q, filters=form.filters())
            page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("side"))  # type: ignore[arg-type]
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "search/search_page.html",
        {"form": form, "page": page, "q": q, "query": query.urlencode()},
    )
