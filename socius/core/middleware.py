from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy: the platform needs no camera, microphone, location or payment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = settings.PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response


class LanguageMiddleware:
    """Danish first: the language is Danish unless the person chose English with the switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header: many
    Danes run English-language browsers, and a municipal service speaks Danish by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
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
            return HttpResponse(
                translation.gettext("The request is too large."),
                status=413,
                content_type="text/plain",
            )
        return self.get_response(request)
