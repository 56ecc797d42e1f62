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

``member_page`` keeps the rest of such a page for logged-in members: the whole page rendered
once for a stand-in who holds the same roles but is nobody (no name, no e-mail, no id), with a
placeholder where ``{% personal %}`` puts the person's own header; each request fills in that
part for the real person. A page that uses a CSRF token or a CSP nonce outside ``{% personal
%}``, or sets a cookie, is never kept.

A personal part is rendered with a small context of its own (``personal_context``): the
request, the person, the CSRF token and whether they see the staff menu. The same context on
every page, kept or not, so a part cannot depend on what a particular view put in its context;
and no context processor runs for it, which is most of what rendering it would cost.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.context_processors import csrf
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from socius.core.access import REQUEST_PERSON, ROLE_CACHE, user_is_staff, user_roles

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


# --- Pages for logged-in members -------------------------------------------------------------
# Set on the request while a shared page is rendered: {% personal %} writes a placeholder.
SHELL_FLAG = "_socius_rendering_shell"
# The placeholders carry a secret of this process, so no text on a page can pose as one.
_SHELL_TOKEN = secrets.token_hex(16)
_PLACEHOLDER = re.compile(rf"<!--{_SHELL_TOKEN}:([\w/.-]+)-->")


def personal_placeholder(template: str) -> str:
    """What ``{% personal template %}`` writes into a shared page instead of rendering."""
    return f"<!--{_SHELL_TOKEN}:{template}-->"


class StandIn:
    """Who a member's shared page is rendered for: logged in, with the same roles and flags as
    the person, and nothing else. A template that reads a name, an e-mail address or an id from
    it gets an empty string, so nothing of the person who caused the render can be kept."""

    is_authenticated = True
    is_anonymous = False
    pk = None
    id = None

    def __init__(self, user: Any) -> None:
        self.is_active = bool(user.is_active)
        self.is_superuser = bool(user.is_superuser)
        self.is_staff = bool(user.is_staff)
        setattr(self, ROLE_CACHE, user_roles(user))

    def key(self) -> str:
        flags = f"{self.is_active:d}{self.is_superuser:d}{self.is_staff:d}"
        return f"{flags}:{','.join(sorted(getattr(self, ROLE_CACHE)))}"


def personal_context(request: HttpRequest) -> dict[str, Any]:
    """Everything a ``{% personal %}`` template sees (see the module docstring)."""
    # Pages answered before the authentication middleware (a refused body, the Tor-only
    # refusal) have no person: as Django's auth context processor, an anonymous one.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "request": request,
        "user": user,
        "show_staff_menu": user_is_staff(user),
        **csrf(request),
    }


def render_personal(name: str, request: HttpRequest) -> SafeString:
    """The person's own part ``name``, rendered once per request however often it is shown,
    and kept for ``PERSONAL_SECONDS`` in this process by everything it may show."""
    memo: dict[str, SafeString] = request.__dict__.setdefault(_PERSONAL_MEMO, {})
    if name not in memo:
        memo[name] = _personal_part(name, request)
    return memo[name]


# A person's own part is kept in this process's memory only (never in the shared ``pages``
# cache: it holds the name), keyed by everything it may show: the template, the language, every
# column of the person as read for this request, their roles and unread count. A change to any
# of them is a new key, so it shows at once; the time only bounds the memory.
PERSONAL_SECONDS = 30
_PERSONAL_MAX = 2_000
_personal_parts: OrderedDict[str, tuple[float, str]] = OrderedDict()
_personal_lock = threading.Lock()
# Rendered in place of the CSRF token; each answer gets a fresh masked token instead.
_CSRF_MARK = f"csrf-{_SHELL_TOKEN}"


def _personal_key(name: str, user: Any) -> str:
    from socius.core.notifications import notification_unread_count

    values = [getattr(user, field.attname) for field in user._meta.concrete_fields]
    roles = sorted(user_roles(user))
    unread = notification_unread_count(user=user)  # read with the person: no query
    seen = repr((name, get_language(), values, roles, unread))
    return hashlib.blake2b(seen.encode(), digest_size=16).hexdigest()


def _personal_part(name: str, request: HttpRequest) -> SafeString:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "_meta"):
        return mark_safe(get_template(name).render(personal_context(request)))  # noqa: S308
    # The loaded person itself, while request.user is still the middleware's stand-in for
    # them: the key reads each of their columns.
    loaded = getattr(request, REQUEST_PERSON, None)
    if loaded is not None and loaded[0] is user:
        user = loaded[1]
    key = _personal_key(name, user)
    now = time.monotonic()
    with _personal_lock:
        kept = _personal_parts.get(key)
    if kept is None or kept[0] < now:
        context = {**personal_context(request), "csrf_token": _CSRF_MARK}
        kept = (now + PERSONAL_SECONDS, get_template(name).render(context))
        with _personal_lock:
            _personal_parts[key] = kept
            _personal_parts.move_to_end(key)
            while len(_personal_parts) > _PERSONAL_MAX:
                _personal_parts.popitem(last=False)
    html = kept[1]
    if _CSRF_MARK in html:
        html = html.replace(_CSRF_MARK, get_token(request))
    return mark_safe(html)  # noqa: S308 - our own template's output, autoescaped


_PERSONAL_MEMO = "_socius_personal_parts"


def _fill(parts: list[str], request: HttpRequest) -> str:
    """The kept page (``_PLACEHOLDER.split`` of it: text, a personal part's name, text, ...)
    with the person's own parts put in."""
    return "".join(
        render_personal(part, request) if index % 2 else part for index, part in enumerate(parts)
    )


def member_page(seconds: int = 30) -> Callable[[View], View]:
    """Keep a public view's page for logged-in members, without anything personal (see the
    module docstring). Kept per language, full path and set of roles for ``seconds`` in the
    web process's memory; the person's own parts are rendered on every request.

    Only for views whose page shows the person nothing but ``{% personal %}`` parts and what
    their roles decide: the view runs for a ``StandIn``, never for the person."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if request.method != "GET" or not user.is_authenticated or len(get_messages(request)):
                return view(request, *args, **kwargs)
            stand_in = StandIn(user)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            name = f"{view.__module__}.{view.__qualname__}"
            key = f"member:{name}:{get_language()}:{path}:{stand_in.key()}"
            cache = caches["pages"]
            # Kept split at the placeholders, so a request only joins the parts.
            parts: list[str] | None = cache.get(key)
            if parts is None:
                html = _render_shell(request, view, stand_in, args, kwargs)
                if html is None:
                    return view(request, *args, **kwargs)
                parts = _PLACEHOLDER.split(html)
                cache.set(key, parts, seconds)
            return HttpResponse(_fill(parts, request))

        return wrapped

    return decorator


def _render_shell(
    request: HttpRequest, view: View, stand_in: StandIn, args: Any, kwargs: Any
) -> str | None:
    """The page rendered for ``stand_in`` with placeholders, or None if it may not be kept."""
    user = request.user
    csrf_before = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    request.user = stand_in  # type: ignore[assignment]
    setattr(request, SHELL_FLAG, True)
    try:
        response = view(request, *args, **kwargs)
        html = (
            response.content.decode()
            if response.status_code == 200 and not response.streaming
            else None
        )
    finally:
        request.user = user
        delattr(request, SHELL_FLAG)
    nonce = get_nonce(request)
    if (
        html is None
        or response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") != csrf_before
        or (nonce is not None and bool(nonce))
    ):
        return None
    return html
