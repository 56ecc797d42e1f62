"""A short-lived cache of public pages for anonymous visitors.

Most traffic on public pages comes from people who are not logged in, and their pages are the
same for everyone who reads the same language. Such a response is kept for ``seconds`` in the
web process's own memory (the ``pages`` cache) and served without rendering. Anyone with a
session (logged in, or with a pending message) always gets a fresh page, so nothing personal
is ever cached, and pages with a CSRF token or a CSP nonce must not use it. The price: an
edit can take up to ``seconds`` to reach anonymous visitors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

View = Callable[..., HttpResponse]


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def public_page(seconds: int = 30) -> Callable[[View], View]:
    """Cache a public view's response for anonymous visitors (see the module docstring)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            cache = caches["pages"]
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"page:{get_language()}:{path}"
            cached: HttpResponse | None = cache.get(key)
            if cached is not None:
                return cached
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, response, seconds)
            return response

        return wrapped

    return decorator
