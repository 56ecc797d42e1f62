"""Who is logged in (``AuthenticationMiddleware``); staff must use two-factor authentication.

Threat model: a staff account (editor, advisor, case handler, administrator) reaches personal
data and can change what citizens see; a phished or reused password alone must not be enough.
Any request from a staff member without an active TOTP authenticator is sent to set one up;
only the pages needed to do that (and to log out) stay reachable.

Pupils of the citizenship elective (socius/school) have no e-mail address and no password,
and must never be asked for either: the account pages that would collect them (allauth's
e-mail, password and two-factor pages, the profile, roles and the overview) send a pupil to
their class instead (``pupil_redirect``).
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from socius.accounts.backends import LEGACY_BACKENDS
from socius.core.access import REQUEST_PERSON, user_is_staff
from socius.school.models.classes import PUPIL_EMAIL_DOMAIN

_OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/")


def _get_user(request: HttpRequest, lazy: object) -> object:
    backend = request.session.get(BACKEND_SESSION_KEY)
    if backend in LEGACY_BACKENDS:
        request.session[BACKEND_SESSION_KEY] = LEGACY_BACKENDS[backend]
    user = auth_middleware.get_user(request)
    setattr(request, REQUEST_PERSON, (lazy, user))
    return user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, but a session logged in before ``accounts.backends`` existed names Django's or
    allauth's own backend: it is moved onto the class that replaces it (a subclass that only
    reads the person faster), so nobody is logged out by the change. Django's ``get_user`` then
    checks the session as always."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        lazy = SimpleLazyObject(lambda: _get_user(request, lazy))
        request.user = lazy  # type: ignore[assignment]


class StaffMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is logged in: no need to look the person up.
        user = (
            getattr(request, "user", None)
            if settings.SESSION_COOKIE_NAME in request.COOKIES
            else None
        )
        if user is not None and (to_class := pupil_redirect(user, request.path)) is not None:
            return to_class
        if user is not None and user_is_staff(user) and not self._allowed(request.path):
            has_totp = Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
            if not has_totp:
                return redirect(reverse("mfa_activate_totp") + "?staff=1")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(_OPEN_PREFIXES):
            return True
        open_paths = {
            reverse("mfa_activate_totp"),
            reverse("mfa_index"),
            reverse("mfa_view_recovery_codes"),
            reverse("mfa_generate_recovery_codes"),
            reverse("mfa_download_recovery_codes"),
            reverse("account_logout"),
            reverse("accounts:logout"),
            reverse("account_reauthenticate"),
            reverse("mfa_reauthenticate"),
            reverse("mfa_authenticate"),
            reverse("account_login"),
        }
        return path in open_paths


def is_pupil(user: object) -> bool:
    """Whether ``user`` is a pupil of the citizenship elective: known by their stand-in
    address, so this costs no query."""
    email = str(getattr(user, "email", "") or "").lower()
    return bool(getattr(user, "is_authenticated", False)) and email.endswith(
        "@" + PUPIL_EMAIL_DOMAIN
    )


def pupil_redirect(user: object, path: str) -> HttpResponse | None:
    """A pupil on an account page is sent to their class (school:class-list redirects a pupil
    to their class's page); None for everyone else and every other page."""
    if not is_pupil(user):
        return None
    if path in {reverse("account_logout"), reverse("accounts:logout"), reverse("accounts:export")}:
        return None
    account_root = reverse("account_login").removesuffix("login/")
    closed = (
        account_root,
        reverse("accounts:profile"),
        reverse("accounts:overview"),
        reverse("accounts:welcome"),
        reverse("core:notification-preferences"),
    )
    if path.startswith(closed):
        return redirect("school:class-list")
    return None
