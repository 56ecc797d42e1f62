"""Reporter pages: no traces, no caching, no referrer, one neutral error page.

Threat model (docs/whistleblowing.md): the reporter's address and browser must not reach the
database or any log. This middleware runs first, so for the reporter paths the address, user
agent and forwarding headers are gone from ``request.META`` before any other middleware,
view or logger reads them. The rate limiter gets only a hash of the address under a key held
in the process's memory alone (abuse.py), kept in the ``reporter`` cache, never the database.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from socius.whistleblowing import abuse

PREFIX = "/whistleblower/"
HANDLER_PREFIX = "/whistleblower/behandling/"
_TRACE_HEADERS = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CLIENT_IP",
    "HTTP_VIA",
    "HTTP_REFERER",
    "HTTP_FROM",
)


def is_reporter_path(path: str) -> bool:
    return path.startswith(PREFIX) and not path.startswith(HANDLER_PREFIX)


def _source(request: HttpRequest) -> str:
    """A keyed hash of the client's address (abuse.source_id); only ever kept in memory.

    Behind N trusted proxies the client is the Nth address from the right in X-Forwarded-For
    (the same setting allauth's login limits use); without it every reporter would share
    the proxy's address and its per-source limit."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [
        a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    return abuse.source_id(address)


def _origin_for_no_referrer(request: HttpRequest) -> None:
    """Under ``Referrer-Policy: no-referrer`` browsers send ``Origin: null`` with same-origin
    form posts, which Django's CSRF check refuses (and there is no Referer to fall back on).
    ``Sec-Fetch-Site`` is set by the browser and cannot be forged by a page; when it says
    same-origin, the origin is ours. The CSRF token is still checked as always."""
    if (
        request.META.get("HTTP_ORIGIN") == "null"
        and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
    ):
        scheme = "https" if request.is_secure() else "http"
        request.META["HTTP_ORIGIN"] = f"{scheme}://{request.get_host()}"


def neutral_error(request: HttpRequest, status: int = 400) -> HttpResponse:
    return HttpResponse(
        render_to_string("whistleblowing/error.html", request=request), status=status
    )


class ReporterPrivacyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        reporter = is_reporter_path(request.path)
        _origin_for_no_referrer(request)
        if reporter:
            request.whistle_source = _source(request)  # type: ignore[attr-defined]
            onion_header = "HTTP_" + settings.WHISTLEBLOWING_ONION_HEADER.upper().replace("-", "_")
            request.whistle_via_onion = request.META.get(onion_header) == "1"  # type: ignore[attr-defined]
            for name in _TRACE_HEADERS:
                request.META.pop(name, None)
            if settings.WHISTLEBLOWING_TOR_ONLY and not request.whistle_via_onion:  # type: ignore[attr-defined]
                return self._headers(neutral_error(request, 403))
        # Exceptions below are already turned into 500 responses by Django's handler (which
        # logs them through the filtered handlers); they are replaced like every other failure.
        response = self.get_response(request)
        if (
            reporter
            and response.status_code >= 400
            and not getattr(response, "whistle_neutral", False)
        ):
            logged = getattr(response, "_has_been_logged", False)
            response = neutral_error(request, response.status_code)
            # Django logged (and mailed) the failure already; the neutral page is not another.
            response._has_been_logged = logged  # type: ignore[attr-defined]
        return self._headers(response)

    @staticmethod
    def _headers(response: HttpResponse) -> HttpResponse:
        response.headers["Cache-Control"] = "no-store, max-age=0"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        return response
