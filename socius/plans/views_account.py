"""Strong login (two-factor or MitID), export and deletion of the citizen's own plan.

Threat model: see security.py for the strong login. The MitID round trip reuses
socius.proposals.oidc (state, nonce, PKCE, ID token checks); its callback here accepts only a
sign-in started here (the pending entry names "plans:"), and the session key is cycled when
the session becomes strong (no session fixation into a strong session). The export is sent
once, not cached (``Cache-Control: no-store``), never stored. Deletion asks for a typed word,
so a forged or accidental click does nothing (and CSRF protects the POST).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from socius.plans import security
from socius.plans.access import plan_for_owner
from socius.plans.deletion import plan_delete, plan_export_record
from socius.plans.export import plan_export_data, plan_export_filename, plan_export_pdf
from socius.proposals.oidc import (
    OidcError,
    authorization_finish,
    authorization_start,
    oidc_enabled,
    provider_metadata,
)

PENDING_PREFIX = "plans:"


def _callback_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("plans:login-strong-callback"))


@require_GET
@login_required
@never_cache
def login_strong(request: HttpRequest) -> HttpResponse:
    """The page that offers two-factor or MitID to a person whose session is not strong."""
    next_url = security.safe_next(request, request.GET.get("next"))
    if security.is_strong(request):
        return redirect(next_url)
    query = urlencode({"next": next_url})
    context = {
        "next": next_url,
        "has_two_factor": security.has_two_factor(request.user),
        "mfa_url": reverse("mfa_reauthenticate") + "?" + query,
        "mfa_setup_url": reverse("mfa_activate_totp"),
        "mitid_url": reverse("plans:login-strong-mitid") + "?" + query,
        "oidc_enabled": oidc_enabled(),
    }
    return render(request, "plans/account_login_strong.html", context)


# A link, not a form: the page's CSP (form-action 'self') forbids a form whose answer
# redirects to the provider. The state, nonce and verifier are fresh on every visit.
@require_GET
@login_required
def login_strong_mitid(request: HttpRequest) -> HttpResponse:
    next_url = security.safe_next(request, request.GET.get("next"))
    if not oidc_enabled():
        messages.error(request, _("MitID is not available right now. Use two-factor instead."))
        return redirect(reverse("plans:login-strong") + "?" + urlencode({"next": next_url}))
    try:
        url = authorization_start(
            request.session,
            redirect_uri=_callback_uri(request),
            proposal_id=PENDING_PREFIX + next_url,
        )
    except OidcError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("plans:login-strong") + "?" + urlencode({"next": next_url}))
    return redirect(url)


@require_GET
@login_required
@never_cache
def login_strong_callback(request: HttpRequest) -> HttpResponse:
    params = {k: str(v)[:2000] for k, v in request.GET.items()}
    try:
        claims, pending = authorization_finish(
            request.session, params=params, redirect_uri=_callback_uri(request)
        )
        if not pending.startswith(PENDING_PREFIX) or not claims.get("sub"):
            raise OidcError(_("The sign-in could not be verified. Start again."))
        subject = security.subject_hash(claims, issuer=provider_metadata()["issuer"])
    except OidcError as exc:
        context = {"message": str(exc)}
        return render(request, "plans/account_login_refused.html", context, status=400)
    strong_before = security.is_strong(request)
    if not security.mitid_allowed(request.user, subject, already_strong=strong_before):
        context = {
            "message": _(
                "This MitID does not belong to the person who owns this plan. "
                "Use two-factor, or sign in with your own account."
            )
        }
        return render(request, "plans/account_login_refused.html", context, status=403)
    request.session.cycle_key()
    security.mark_strong(request, security.HOW_MITID, subject)
    return redirect(security.safe_next(request, pending[len(PENDING_PREFIX) :]))


@require_GET
@security.plans_login_required
@never_cache
def export(request: HttpRequest) -> HttpResponse:
    plan_for_owner(request.user)
    return render(request, "plans/account_export.html", {})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@security.plans_login_required
def export_pdf(request: HttpRequest) -> HttpResponse:
    plan = plan_for_owner(request.user)
    content = plan_export_pdf(plan)
    plan_export_record(actor=request.user, plan=plan, kind="pdf")
    return _download(content, "application/pdf", plan_export_filename(plan, "pdf"))


@require_GET
@security.plans_login_required
def export_json(request: HttpRequest) -> HttpResponse:
    plan = plan_for_owner(request.user)
    content = json.dumps(plan_export_data(plan), ensure_ascii=False, indent=2).encode()
    plan_export_record(actor=request.user, plan=plan, kind="json")
    return _download(content, "application/json", plan_export_filename(plan, "json"))


class DeletePlanForm(forms.Form):
    """The citizen types the word (in their language; the English word is also accepted)."""

    word = forms.CharField(
        max_length=50,
        error_messages={"required": gettext_lazy("Type the word to delete your plan.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["word"].label = _("Type the word %(word)s to confirm") % {"word": _("DELETE")}

    def clean_word(self) -> str:
        word = str(self.cleaned_data["word"]).strip().casefold()
        if word not in {_("DELETE").casefold(), "delete"}:
            raise forms.ValidationError(
                _("Type the word %(word)s. Your plan is not deleted.") % {"word": _("DELETE")}
            )
        return word


@require_http_methods(["GET", "POST"])
@security.plans_login_required
@never_cache
def delete(request: HttpRequest) -> HttpResponse:
    plan = plan_for_owner(request.user)
    form = DeletePlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan_delete(actor=request.user, plan=plan)
        messages.success(request, _("Your plan is deleted. No one can read it any more."))
        return redirect("plans:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/account_delete.html", {"form": form}, status=status)
