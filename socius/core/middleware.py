from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import middleware as messages_middleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware import csp as csp_middleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.csp import CSP, build_policy
from django.utils.functional import SimpleLazyObject, empty


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy: the platform needs no camera, microphone, location or payment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


def request_language(request: HttpRequest) -> str:
    """The request's language: the one chosen with the switch (its cookie), else Danish."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def standalone_page(
    request: HttpRequest, template: str, context: dict[str, object], *, status: int
) -> HttpResponse:
    """A page that renders without the session, the person, the menus or the database (it
    extends ``standalone.html``), in the request's language: for answers given before those
    are read, or while the database is away."""
    language = request_language(request)
    with translation.override(language):
        body = render_to_string(template, context)
    response = HttpResponse(body, status=status)
    response.headers["Content-Language"] = language
    patch_vary_headers(response, ("Cookie",))
    return response


class LanguageMiddleware:
    """Danish first: the language is Danish unless the person chose English with the switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: many
    Danes run English-language browsers, and a municipal service speaks Danish by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class RequestSizeLimitMiddleware:
    """Refuse request bodies above SOCIUS_MAX_UPLOAD_MB before anything reads them.

    Django bounds the non-file part of a body (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams files
    to disk without limit; this stops an attacker filling the disk with one large upload.
    Requests without a Content-Length (chunked) are bounded by the web server in front.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.limit = settings.MAX_UPLOAD_MB * 1024 * 1024

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest()
        if length > self.limit:
            return self._too_large(request)
        return self.get_response(request)

    def _too_large(self, request: HttpRequest) -> HttpResponse:
        """413 as a page a person can act on (in their language, with the limit and a way
        back), or the API's ``{"detail": ...}`` under /api/. It stands alone, like the 503
        page: this runs before the session and the person are read."""
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": "Request Entity Too Large"}, status=413)
        return standalone_page(
            request, "413.html", {"limit_mb": self.limit // (1024 * 1024)}, status=413
        )


class MessageMiddleware(messages_middleware.MessageMiddleware):
    """Django's, but the message store is made only when something reads or adds a message.

    Django builds it (a cookie signer and a session store behind it) for every request, and
    saves it for every response; most requests, and every signature in a surge, never touch
    it (bench/README.md, "Citizen proposals")."""

    def process_request(self, request: HttpRequest) -> None:
        request._messages = SimpleLazyObject(lambda: default_storage(request))  # type: ignore[attr-defined]

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        held = getattr(request, "_messages", None)
        if isinstance(held, SimpleLazyObject) and held._wrapped is empty:
            return response  # nobody looked: nothing to keep or to clear
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware(csp_middleware.ContentSecurityPolicyMiddleware):
    """Django's, but the site's policy text is made once per process while the response used
    no nonce (then it is the same text every time); with a nonce, or a view's own policy, as
    Django does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        super().__init__(get_response)
        self._plain: dict[str, tuple[object, str]] = {}

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        nonce = csp_middleware.get_nonce(request)
        if nonce or hasattr(response, "_csp_config") or hasattr(response, "_csp_ro_config"):
            return super().process_response(request, response)
        for header, config in (
            (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
            (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
        ):
            if config and header not in response:
                held = self._plain.get(header)
                if held is None or held[0] is not config:  # settings changed (tests): remake
                    held = self._plain[header] = (config, build_policy(config))  # type: ignore[arg-type]
                response.headers[str(header)] = held[1]
        return response
