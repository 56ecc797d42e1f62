"""Strong login for Min plan: two-factor in this session, or MitID through the identity broker.

Threat model: a plan holds social and health data (GDPR art. 9). A password alone is too weak:
passwords are reused, phished and guessed. So every plan page (the citizen's and the
professional's) wants a *strong* session, one of:

- two-factor: the person completed allauth's MFA step (TOTP or a recovery code) in this
  session; allauth records it in the session, bound to the person, and we read that record;
- MitID: the person came back from the OpenID Connect identity broker in this session
  (socius/proposals/oidc.py does the flow: state, nonce, PKCE and the ID token checks). The
  broker's subject is kept only as a keyed hash (proposals.identity.identity_hash) and is
  bound to the plan on first use (in the plan's sealed meta, key ``strong_identity``): once a
  plan is bound, only the same MitID identity makes a session strong for it, so someone
  holding a stolen password cannot sign in with their own MitID and read the plan. A plan
  that is not yet bound takes its binding only from a session that is already strong, or
  when its owner has no two-factor (then the plan was written in a MitID session).

The strong mark lives in the session (server side), names the person, and ends with the
session (log out, expiry, a login as someone else). It is never put in a URL or a cookie of
its own. Anyone not strong is sent to plans:login-strong with a ``next`` that must be a path
on this site (url_has_allowed_host_and_scheme).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from socius.plans import crypto
from socius.plans.models import Plan
from socius.proposals.identity import identity_hash

STRONG_SESSION_KEY = "plans_strong"
HOW_MFA = "mfa"
HOW_MITID = "mitid"
BINDING_KEY = "strong_identity"


def subject_hash(claims: dict[str, Any], *, issuer: str) -> str:
    """The keyed hash of the broker's stable subject (never the subject itself)."""
    return identity_hash(f"sub:{issuer.rstrip('/')}|{claims.get('sub', '')}")


def has_two_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _mfa_done(request: HttpRequest) -> bool:
    records = get_authentication_records(request, request.user)
    return any(isinstance(r, dict) and r.get("method") == "mfa" for r in records)


def _mark(request: HttpRequest) -> dict[str, Any] | None:
    mark = request.session.get(STRONG_SESSION_KEY)
    if not isinstance(mark, dict) or mark.get("user") != str(request.user.pk):
        return None
    return mark


def _plan_binding(plan: Plan) -> str:
    return str(crypto.unseal(plan, "plan", plan.sealed).get(BINDING_KEY) or "")


def _plan_bind(plan: Plan, subject: str) -> None:
    meta = crypto.unseal(plan, "plan", plan.sealed)
    meta[BINDING_KEY] = subject
    plan.sealed = crypto.seal(plan, "plan", meta)
    plan.save(update_fields=["sealed", "updated_at"])


def mitid_allowed(user: Any, subject: str, *, already_strong: bool) -> bool:
    """May a MitID sign-in with this subject make ``user``'s session strong? Binds an unbound
    plan where that is safe (see the module's threat model)."""
    plan = Plan.objects.filter(owner=user).first()
    if plan is None:
        return True
    bound = _plan_binding(plan)
    if bound:
        return bound == subject
    if already_strong or not has_two_factor(user):
        _plan_bind(plan, subject)
        return True
    return False


def mark_strong(request: HttpRequest, how: str, subject: str = "") -> None:
    """Make this session strong for the person signed in (after MFA or MitID)."""
    mark: dict[str, Any] = {"user": str(request.user.pk), "how": how, "at": time.time()}
    if subject:
        mark["subject"] = subject
    request.session[STRONG_SESSION_KEY] = mark


def is_strong(request: HttpRequest) -> bool:
    """True when the person signed in completed two-factor or MitID in this session."""
    user = request.user
    if not user.is_authenticated:
        return False
    if _mfa_done(request):
        return True
    mark = _mark(request)
    if mark is None or mark.get("how") != HOW_MITID:
        return False
    plan = Plan.objects.filter(owner=user).only("pk", "sealed_key", "sealed").first()
    if plan is None:
        return True
    if mark.get("plan") == plan.pk:
        return True  # checked against this plan's binding earlier in this session
    bound = _plan_binding(plan)
    subject = str(mark.get("subject") or "")
    if not bound and subject:
        # The plan was written in this MitID session (a session cannot be strong without
        # the binding check otherwise): bind it to this identity now.
        _plan_bind(plan, subject)
        bound = subject
    if not bound or bound != subject:
        return False
    request.session[STRONG_SESSION_KEY] = {**mark, "plan": plan.pk}
    return True


def safe_next(request: HttpRequest, value: str | None) -> str:
    """``value`` if it is a path on this site, otherwise the plan's home page."""
    if (
        value
        and value.startswith("/")
        and not value.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return reverse("plans:home")


def plans_login_required[ViewFunc: Callable[..., HttpResponse]](view: ViewFunc) -> ViewFunc:
    """Signed in (else the login page) and strong (else plans:login-strong)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_strong(request):
            url = reverse("plans:login-strong")
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
