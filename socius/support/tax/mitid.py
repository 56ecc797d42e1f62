"""Fetching the CPR number with MitID, through the platform's OpenID Connect broker (the one
citizen proposals use: socius/proposals/oidc.py), so the donor types no number.

Offered when the broker is configured and its scopes include the CPR scope
(``PROPOSALS_OIDC_SCOPES`` contains ``PROPOSALS_OIDC_CPR_SCOPE``). The broker must also accept
this module's redirect URI (``/stoet/fradrag/cpr/mitid/retur/``) for the client.

Threat model: the same as proposals' (state bound to the session and single use, PKCE, a
verified ID token with our nonce); the CPR claim is taken from the verified token only, checked
for its shape, and never logged or shown. The state's marker ties the round trip to this
purpose, so a sign-in started for a proposal cannot store a CPR number here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from socius.proposals.oidc import (
    OidcError,
    authorization_finish,
    authorization_start,
    oidc_enabled,
)
from socius.support.tax.cpr import cpr_normalise

MARKER = "support_tax:cpr"


class MitIdError(Exception):
    """A refused round trip; ``str(err)`` is a message for the donor (no number in it)."""


def mitid_available() -> bool:
    scopes = settings.PROPOSALS_OIDC_SCOPES.split()
    return oidc_enabled() and settings.PROPOSALS_OIDC_CPR_SCOPE in scopes


def _redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("support_tax:cpr-mitid-return"))


def mitid_start(request: HttpRequest) -> str:
    """The broker's URL to send the donor to."""
    if not mitid_available():
        raise MitIdError(_("MitID is not available here. Type your CPR number instead."))
    try:
        return authorization_start(
            request.session, redirect_uri=_redirect_uri(request), proposal_id=MARKER
        )
    except OidcError as exc:
        raise MitIdError(str(exc)) from exc


def mitid_finish(request: HttpRequest) -> str:
    """The CPR number (10 digits) from the verified claims of the round trip."""
    params = {k: str(v)[:2000] for k, v in request.GET.items()}
    try:
        claims, marker = authorization_finish(
            request.session, params=params, redirect_uri=_redirect_uri(request)
        )
    except OidcError as exc:
        raise MitIdError(str(exc)) from exc
    if marker != MARKER:
        raise MitIdError(_("The sign-in was not started here. Start again."))
    digits = cpr_normalise(str(claims.get(settings.PROPOSALS_OIDC_CLAIM_CPR) or ""))
    if digits is None:
        raise MitIdError(_("MitID did not share your CPR number. Type it instead."))
    return digits
