"""The Wagtail admin (/cms/) is for editors with two-factor authentication, nobody else.

Threat model: the admin publishes to the public site and holds unpublished drafts. Wagtail's
own check (``access_admin`` permission via groups) is the second line; this is the first:
anyone who is not logged in goes to our allauth login (password + TOTP), a logged-in person
without the ``knowledge.edit`` capability or without an active TOTP authenticator gets 403.
Wagtail's own login, logout and password pages are never reached (they would skip MFA).
The admin also gets its own, wider CSP (``settings.CMS_CSP``); public pages keep the strict one.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from socius.core.access import Viewer, user_can
from socius.core.roles import Capability

CMS_PREFIX = "/cms/"


def cms_user_allowed(user: Viewer) -> bool:
    """Whether ``user`` may use the Wagtail admin: the capability and an active TOTP."""
    if not user_can(user, Capability.KNOWLEDGE_EDIT):
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class CmsGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(CMS_PREFIX):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return redirect(reverse("account_login") + "?next=" + quote(request.get_full_path()))
        if not cms_user_allowed(user):
            raise PermissionDenied
        response = self.get_response(request)
        response._csp_config = settings.CMS_CSP  # type: ignore[attr-defined]
        if response.get("X-Frame-Options") == "DENY" or "X-Frame-Options" not in response:
            # The page preview is an iframe of the admin itself.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
