"""URLconf for tests and benchmarks only: the real site plus signing with posted claims.

Signing needs an identity from MitID (OpenID Connect). Tests and the signature-surge benchmark
(bench/proposals_surge.py) skip only that round trip: they post the provider's claims as JSON
in ``test_claims`` to the URLs below, and the rest of the path is the production one (CSRF,
the claim checks, the keyed hash, the counters, the redirect). ``socius.urls`` never includes
this module; it is used only by naming it as the root URLconf (``SOCIUS_ROOT_URLCONF`` or
``settings.ROOT_URLCONF`` in a test), and ``check --deploy`` refuses a site that serves these
URLs (proposals.E001).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST

from socius import urls as site_urls
from socius.proposals.access import proposal_for_signing
from socius.proposals.identity import Identity, identity_from_claims
from socius.proposals.views.sign import signing_post

TEST_SIGN_URL_NAME = "proposals-test-sign"

# Django takes the error views from the root URLconf, which this module is when it is used:
# the site's, so that signing here fails as it does in production (a 503 with Retry-After
# while the database cannot be reached, not a 500 with a traceback).
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def _claims_identity(request: HttpRequest) -> Identity | None:
    try:
        claims = json.loads(request.POST.get("test_claims", ""))
        return identity_from_claims(claims, issuer="test")
    except (ValueError, TypeError, AttributeError):
        return None


@require_POST
def sign_with_claims(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = proposal_for_signing(public_id)
    return signing_post(request, proposal, _claims_identity(request), withdraw=False)


@require_POST
def withdraw_with_claims(request: HttpRequest, public_id: Any) -> HttpResponse:
    proposal = proposal_for_signing(public_id)
    return signing_post(request, proposal, _claims_identity(request), withdraw=True)


urlpatterns = [
    path(
        "test/borgerforslag/<uuid:public_id>/skriv-under/",
        sign_with_claims,
        name=TEST_SIGN_URL_NAME,
    ),
    path(
        "test/borgerforslag/<uuid:public_id>/traek-underskrift-tilbage/",
        withdraw_with_claims,
        name="proposals-test-withdraw",
    ),
    path("", include("socius.urls")),
]
