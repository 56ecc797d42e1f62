"""The Wagtail admin (/cms/) is for editors with two-factor authentication, nobody else.

Threat model: the admin publishes to the public site and holds unpublished drafts. Wagtail's
own check (``access_admin`` permission via groups) is the second line; this is the first:
anyone who is not logged in goes to our allauth login (password + TOTP), a logged-in person
without the ``knowledge.edit`` capability or without an active TOTP authenticator gets 403.
Wagtail's own login, logout and password pages are never reached (they would skip MFA).
The admin also gets its own, wider CSP (``settings.CMS_CSP``); public pages keep the strict one.

Two saves of one new page at the same moment (Wagtail's autosave and "Save draft", or two
autosaves on a slow server) both pass Wagtail's check that the address (slug) is free, and the
second insert then raises ``ValidationError``: a server error, mailed to the administrators.
``process_exception`` answers that case as Wagtail answers an invalid form instead: a JSON 400
to the autosave, a message and the parent's page list to a person. The first save is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from socius.core.access import Viewer, user_can
from socius.core.roles import Capability

CMS_PREFIX = "/cms/"
# Wagtail's "add a page" view: /cms/pages/add/<app>/<model>/<parent id>/
_PAGE_ADD = re.compile(r"^/cms/pages/add/[\w-]+/[\w-]+/(?P<parent>\d+)/$")


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

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = _PAGE_ADD.match(request.path)
        if not (match and request.method == "POST" and isinstance(exception, ValidationError)):
            return None
        message = _(
            "The page was saved by another save at the same moment. Find it in the list "
            "below and go on there."
        )
        if not request.accepts("text/html"):  # Wagtail's autosave
            return JsonResponse(
                {"success": False, "error_code": "invalid", "error_message": message}, status=400
            )
        messages.error(request, message)
        return redirect("wagtailadmin_explore", int(match["parent"]))
