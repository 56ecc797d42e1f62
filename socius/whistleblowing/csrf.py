"""Django's CSRF protection, with a cookie of its own on reporter pages.

Threat model (docs/whistleblowing.md, "Reporter traces"): Django's ``csrftoken`` cookie lives
a year on path ``/``. Set by a reporter page, it would be a stable identifier that the same
browser later sends to every page of the site, an employee's login included; found already,
it would tie the report to that earlier visit. On reporter pages this middleware neither reads
nor renews ``csrftoken``. It keeps the CSRF secret in ``wb_csrf`` instead: limited to
``/whistleblower/``, gone when the browser closes, HttpOnly and SameSite=Strict, and never
stored on the server. Everything else is Django's check unchanged (the masked token in each
form, the origin and referer checks), so a post without the token is refused as before.
Handler pages are staff pages and keep the site-wide cookie.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# Besides the middleware, private helpers of Django's CSRF module: the same format checks as
# for csrftoken.
from django.middleware.csrf import (  # type: ignore[attr-defined]
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _check_token_format,
    _unmask_cipher_token,
)
from django.utils.cache import patch_vary_headers

from socius.whistleblowing.middleware import PREFIX, is_reporter_path

COOKIE = "wb_csrf"


class ReporterCsrfViewMiddleware(CsrfViewMiddleware):
    def _get_secret(self, request: HttpRequest) -> str | None:
        if not is_reporter_path(request.path):
            return super()._get_secret(request)  # type: ignore[misc]
        secret = request.COOKIES.get(COOKIE)
        if secret is None:
            return None
        _check_token_format(secret)  # raises InvalidTokenFormat, handled by Django
        if len(secret) == CSRF_TOKEN_LENGTH:
            secret = _unmask_cipher_token(secret)
        return secret

    def _set_csrf_cookie(self, request: HttpRequest, response: HttpResponseBase) -> None:
        if not is_reporter_path(request.path):
            super()._set_csrf_cookie(request, response)  # type: ignore[misc]
            return
        response.set_cookie(
            COOKIE,
            request.META["CSRF_COOKIE"],
            path=PREFIX,
            secure=settings.CSRF_COOKIE_SECURE,
            httponly=True,
            samesite="Strict",
        )
        patch_vary_headers(response, ("Cookie",))
