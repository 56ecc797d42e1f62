"""A short-lived cache of public pages for anonymous visitors.

Most traffic on public pages comes from people who are not logged in, and their pages are the
same for everyone who reads the same language. Such a response is kept for ``seconds`` in the
``pages`` cache (the web process's own memory, or Redis/Valkey with ``SOCIUS_CACHE_URL``) and
served without rendering. Anyone with a
session (logged in, or with a pending message) always gets a fresh page, so nothing personal
is ever cached, and pages with a CSRF token or a CSP nonce must not use it. The price: an
edit can take up to ``seconds`` to reach anonymous visitors.

``public_fragment`` keeps the public body of such a page for members too: everything but the
person's own header, rendered without the request and keyed by language and address.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
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


def public_fragment(
    request: HttpRequest,
    name: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    seconds: int = 30,
) -> SafeString:
    """A public part of a page, rendered once per language and full path for ``seconds``.

    For the bodies of public pages that members also see (the front page's lists, the
    organisation list): ``context`` is called, and its queries run, only when the fragment is
    not kept already. The fragment is rendered without the request, so it can hold nothing of
    the person who happened to cause it (no user, no CSRF token, no CSP nonce) and is shared by
    everyone who reads the same language at the same address. Kept in the ``pages`` cache, for
    as long as anonymous visitors' pages are (an edit shows within
    ``seconds``)."""
    cache = caches["pages"]
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"fragment:{name}:{get_language()}:{path}"
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string(template, context())
        cache.set(key, html, seconds)
    return mark_safe(html)  # noqa: S308 - our own template's output, autoescaped
