"""Signing: the OpenID Connect round trip, the signing page, withdrawal.

The verified identity is kept in the session only as a signed, short-lived ticket per
proposal (see identity.Identity.ticket); nothing about the person is stored with the
signature but the keyed hash and the name for the secretariat's list."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.proposals import selectors
from socius.proposals.access import proposal_for_signing, proposal_for_signing_page
from socius.proposals.identity import (
    IDENTIFIER_CPR,
    Identity,
    identifier_kind,
    identity_from_claims,
)
from socius.proposals.models import Proposal
from socius.proposals.oidc import (
    OidcError,
    authorization_finish,
    authorization_start,
    oidc_enabled,
    provider_metadata,
)
from socius.proposals.services.signing import (
    receipt_token,
    signature_add,
    signature_for,
    signature_withdraw,
    signer_hash,
    signing_problems,
)

TICKETS = "proposals_tickets"

# What a signing POST did travels to the signing page in its address (post/redirect/get)
# rather than as a flash message: that spares every signer in a surge a signed cookie. The
# page shows it only when it is true for the person in front of it: "counted" and "already
# signed" only to someone whose signature it finds, "withdrawn" only to someone without one,
# so a link with ?udfald=talt tells nobody who has not signed that they have.
OUTCOME = "udfald"
COUNTED, ALREADY, WITHDRAWN = "talt", "allerede", "trukket"


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("proposals:oidc-callback"))


# A link, not a form: the page's CSP (form-action 'self') forbids a form whose answer
# redirects to the provider. The state, nonce and verifier are fresh on every visit.
@require_http_methods(["GET"])
def sign_start(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = proposal_for_signing_page(public_id)
    if not oidc_enabled():
        messages.error(
            request, _("Online signing is not available. Ask the municipality for a paper form.")
        )
        return redirect("proposals:proposal-sign", public_id=proposal.public_id)
    try:
        url = authorization_start(
            request.session,
            redirect_uri=_redirect_uri(request),
            proposal_id=str(proposal.public_id),
        )
    except OidcError as exc:
        messages.error(request, str(exc))
        return redirect("proposals:proposal-sign", public_id=proposal.public_id)
    return redirect(url)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    params = {k: str(v)[:2000] for k, v in request.GET.items()}
    try:
        claims, proposal_id = authorization_finish(
            request.session, params=params, redirect_uri=_redirect_uri(request)
        )
        identity = identity_from_claims(claims, issuer=provider_metadata()["issuer"])
    except (OidcError, ValueError) as exc:
        message = str(exc) if isinstance(exc, OidcError) else _("The sign-in gave no identity.")
        return render(request, "proposals/sign_refused.html", {"message": message}, status=400)
    tickets = request.session.get(TICKETS) or {}
    tickets[proposal_id] = identity.ticket(proposal_id)
    request.session[TICKETS] = dict(list(tickets.items())[-5:])
    return redirect("proposals:proposal-sign", public_id=proposal_id)


def _identity(request: HttpRequest, proposal: Proposal) -> Identity | None:
    """The identity the OpenID Connect round trip left in the session for this proposal."""
    pid = str(proposal.public_id)
    ticket = (request.session.get(TICKETS) or {}).get(pid)
    return Identity.from_ticket(ticket, pid) if ticket else None


def signing_post(
    request: HttpRequest, proposal: Proposal, identity: Identity | None, *, withdraw: bool
) -> HttpResponse:
    """Sign (or withdraw) as ``identity`` and redirect back to the signing page (so a reload or
    a client's retry never posts twice; the database would refuse it anyway).

    The production views pass the identity from the session; the test-only URLconf
    (socius.proposals.testing_urls) passes one built from posted claims."""
    context: dict[str, Any] = {"proposal": proposal, "identity": identity}
    if identity is None:
        context["problems"] = [_("Sign in with MitID first.")]
        return _sign_page(request, context, status=400)
    try:
        if withdraw:
            signature_withdraw(proposal=proposal, identity=identity)
            outcome = WITHDRAWN
        else:
            outcome = (
                COUNTED if signature_add(proposal=proposal, identity=identity).created else ALREADY
            )
    except ValidationError as exc:
        context["problems"] = exc.messages
        return _sign_page(request, context, status=400)
    return HttpResponseRedirect(f"{_sign_url(proposal)}?{OUTCOME}={outcome}", status=303)


@lru_cache(maxsize=256)
def _sign_url_for(prefix: str, public_id: str) -> str:
    return reverse("proposals:proposal-sign", args=[public_id])


def _sign_url(proposal: Proposal) -> str:
    """The signing page's address (kept per process: every signer in a surge is sent back to
    the same one)."""
    return _sign_url_for(get_script_prefix(), str(proposal.public_id))


@require_http_methods(["GET", "POST"])
def proposal_sign(request: HttpRequest, public_id: Any) -> HttpResponse:
    """GET shows where the signer stands; POST signs."""
    if request.method == "POST":
        proposal = proposal_for_signing(public_id)
        return signing_post(request, proposal, _identity(request, proposal), withdraw=False)
    proposal = proposal_for_signing_page(public_id)
    identity = _identity(request, proposal)
    context: dict[str, Any] = {"proposal": proposal, "identity": identity}
    if identity is not None:
        existing = signature_for(proposal, identity)
        context["outcome"] = _outcome(request.GET.get(OUTCOME), signed=existing is not None)
        if existing is not None:
            context.update(signed=existing, receipt=receipt_token(existing))
        else:
            try:
                signer_hash(proposal, identity)
            except ValidationError as exc:
                context["problems"] = exc.messages
                return _sign_page(request, context)
            context["problems"] = signing_problems(
                proposal, identity.birth_date, identity.municipality_code
            )
    return _sign_page(request, context)


def _outcome(key: str | None, *, signed: bool) -> str:
    """The sentence for a POST's outcome, if it is true for this signer (see OUTCOME)."""
    if signed and key == COUNTED:
        return _("Thank you. Your signature is counted.")
    if signed and key == ALREADY:
        return _("You have already signed this proposal.")
    if not signed and key == WITHDRAWN:
        return _("Your signature is withdrawn.")
    return ""


@require_POST
def signature_withdraw_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Withdraw the signature of the identity in the session."""
    proposal = proposal_for_signing(public_id)
    return signing_post(request, proposal, _identity(request, proposal), withdraw=True)


def _sign_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    context["oidc_enabled"] = oidc_enabled()
    context["by_cpr"] = identifier_kind(context["proposal"].terms) == IDENTIFIER_CPR
    context["days_left"] = selectors.days_left(context["proposal"])
    return render(request, "proposals/proposal_sign.html", context, status=status)
