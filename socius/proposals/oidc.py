"""Signing in with OpenID Connect (MitID through a broker): the authorisation-code flow with
PKCE (S256), state and nonce.

Threat model: an attacker may replay or forge the redirect back to us (a stolen or reused
code, a state from another browser), or hand us an ID token that is unsigned, signed with
another key, issued for another client, or old. So: the state is single-use and bound to this
browser's session; the code is exchanged only with our PKCE verifier and client secret; the
ID token must be signed by a key from the provider's JWKS with an asymmetric algorithm
(never "none", never HMAC), name our issuer and our client id, be unexpired, and carry the
nonce we sent. Anything else is refused with OidcError, whose message the signer sees.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import urllib.parse
import urllib.request
from typing import Any

import jwt
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

ALLOWED_ALGORITHMS = ["RS256", "PS256", "ES256"]
SESSION_KEY = "proposals_oidc"
PENDING_MAX = 5
PENDING_SECONDS = 10 * 60
HTTP_TIMEOUT = 10


class OidcError(Exception):
    """A refused sign-in; ``str(err)`` is a message for the signer."""


def oidc_enabled() -> bool:
    return bool(settings.PROPOSALS_OIDC_ISSUER and settings.PROPOSALS_OIDC_CLIENT_ID)


def _fetch_json(url: str, data: dict[str, str] | None = None, auth: str = "") -> Any:
    if not url.startswith(("https://", "http://")):
        raise OidcError(_("The sign-in service is not set up correctly."))
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 (scheme checked above)
    request.add_header("Accept", "application/json")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read(1_000_000))
    except (OSError, ValueError) as exc:
        raise OidcError(_("The sign-in service did not answer. Try again in a moment.")) from exc


def provider_metadata() -> dict[str, Any]:
    """The provider's discovery document, cached for an hour."""
    issuer = settings.PROPOSALS_OIDC_ISSUER.rstrip("/")
    key = "proposals:oidc:meta:" + hashlib.sha256(issuer.encode()).hexdigest()
    meta = cache.get(key)
    if meta is None:
        meta = _fetch_json(issuer + "/.well-known/openid-configuration")
        if not isinstance(meta, dict) or meta.get("issuer", "").rstrip("/") != issuer:
            raise OidcError(_("The sign-in service is not set up correctly."))
        cache.set(key, meta, 3600)
    return meta


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def authorization_start(session: Any, *, redirect_uri: str, proposal_id: str) -> str:
    """Remember a fresh state, nonce and PKCE verifier in the session; the provider's URL."""
    meta = provider_metadata()
    state, nonce, verifier = (secrets.token_urlsafe(32) for _i in range(3))
    pending = {
        k: v
        for k, v in (session.get(SESSION_KEY) or {}).items()
        if v.get("t", 0) > time.time() - PENDING_SECONDS
    }
    while len(pending) >= PENDING_MAX:
        pending.pop(next(iter(pending)))
    pending[state] = {"n": nonce, "v": verifier, "p": proposal_id, "t": time.time()}
    session[SESSION_KEY] = pending
    query = {
        "response_type": "code",
        "client_id": settings.PROPOSALS_OIDC_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": settings.PROPOSALS_OIDC_SCOPES,
        "state": state,
        "nonce": nonce,
        "code_challenge": _b64(hashlib.sha256(verifier.encode()).digest()),
        "code_challenge_method": "S256",
    }
    return meta["authorization_endpoint"] + "?" + urllib.parse.urlencode(query)


def id_token_validate(
    token: str, *, nonce: str, issuer: str, client_id: str, jwks_uri: str
) -> dict[str, Any]:
    """The verified claims of ``token``, or OidcError (see the module's threat model)."""
    refused = OidcError(_("The sign-in could not be verified. Start again."))
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise refused from exc
    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise refused
    try:
        key = _jwks_client(jwks_uri).get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            key.key,
            algorithms=ALLOWED_ALGORITHMS,
            audience=client_id,
            issuer=issuer,
            leeway=30,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise OidcError(_("The sign-in has expired. Start again.")) from exc
    except jwt.PyJWTError as exc:
        raise refused from exc
    aud = claims.get("aud")
    if isinstance(aud, list) and len(aud) > 1 and claims.get("azp") != client_id:
        raise refused
    if not hmac.compare_digest(str(claims.get("nonce", "")), nonce):
        raise refused
    return claims


_JWKS_CLIENTS: dict[str, jwt.PyJWKClient] = {}


def _jwks_client(uri: str) -> jwt.PyJWKClient:
    if uri not in _JWKS_CLIENTS:
        _JWKS_CLIENTS[uri] = jwt.PyJWKClient(uri, cache_keys=True, lifespan=600, timeout=10)
    return _JWKS_CLIENTS[uri]


def authorization_finish(
    session: Any, *, params: dict[str, str], redirect_uri: str
) -> tuple[dict[str, Any], str]:
    """Check the redirect back, exchange the code, verify the ID token.

    Returns the verified claims and the proposal the sign-in was started for."""
    pending = session.get(SESSION_KEY) or {}
    entry = pending.pop(params.get("state", ""), None) if params.get("state") else None
    session[SESSION_KEY] = pending
    if entry is None or entry.get("t", 0) < time.time() - PENDING_SECONDS:
        raise OidcError(_("The sign-in was not started here, or it has expired. Start again."))
    if params.get("error") or not params.get("code"):
        raise OidcError(_("The sign-in was cancelled or refused. You have not signed."))
    meta = provider_metadata()
    if params.get("iss") and params["iss"].rstrip("/") != meta["issuer"].rstrip("/"):
        raise OidcError(_("The sign-in could not be verified. Start again."))
    credentials = f"{urllib.parse.quote(settings.PROPOSALS_OIDC_CLIENT_ID, safe='')}:" + (
        urllib.parse.quote(settings.PROPOSALS_OIDC_CLIENT_SECRET, safe="")
    )
    tokens = _fetch_json(
        meta["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": redirect_uri,
            "code_verifier": entry["v"],
        },
        auth="Basic " + base64.b64encode(credentials.encode()).decode(),
    )
    if not isinstance(tokens, dict) or not isinstance(tokens.get("id_token"), str):
        raise OidcError(_("The sign-in could not be verified. Start again."))
    claims = id_token_validate(
        tokens["id_token"],
        nonce=entry["n"],
        issuer=meta["issuer"],
        client_id=settings.PROPOSALS_OIDC_CLIENT_ID,
        jwks_uri=meta["jwks_uri"],
    )
    return claims, str(entry["p"])
