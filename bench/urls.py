"""URLconf for the benchmark: the real site plus a bare view that measures the floor.

The bare view goes through the same server, middleware and WSGI stack as every real page,
so the ratio of a page's requests/s to the bare view's shows what the page itself costs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from socius import urls as site_urls

# Django takes the error views from the root URLconf: the site's, so pages fail here as in
# production (a 503 with Retry-After while the database cannot be reached).
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def bare_view(request: HttpRequest) -> HttpResponse:
    """No template, no database: the cheapest response the stack can give."""
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare_view),
    path("", include("socius.urls")),
]
