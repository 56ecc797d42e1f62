"""The CPR number fetched through the platform's OpenID Connect broker ("Hent med MitID"),
against the real loopback provider the citizen proposals' tests use: the donor types nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from socius.core.crypto import secret_open_text
from socius.proposals.tests.oidc_provider import OidcProvider, provider_login
from socius.support.tax.models import DonorIdentity

pytestmark = pytest.mark.django_db

RETURN = "http://testserver/stoet/fradrag/cpr/mitid/retur/"
PROPOSALS_CALLBACK = "http://testserver/borgerforslag/oidc/callback/"


@pytest.fixture(scope="module")
def broker() -> Iterator[OidcProvider]:
    provider = OidcProvider([RETURN, PROPOSALS_CALLBACK])
    yield provider
    provider.stop()


def _round_trip(client, claims: dict[str, str], *, stop_at: str = RETURN):
    start = client.get(reverse("support_tax:cpr-mitid"))
    assert start.status_code == 302
    back = provider_login(start["Location"], claims, stop_at=stop_at)
    return client.get(back.removeprefix("http://testserver"), follow=True)


def test_the_cpr_number_comes_from_mitid(client, broker, settings, donor_user):
    broker.configure(settings)
    client.force_login(donor_user)
    assert reverse("support_tax:cpr-mitid") in client.get(reverse("support_tax:cpr-give")).text
    page = _round_trip(client, {"login": "giver-1", "cpr": "0101901234"})
    identity = DonorIdentity.objects.get()
    assert identity.source == "mitid"
    assert secret_open_text(identity.cpr_sealed, purpose=b"socius-cpr") == "0101901234"
    assert "0101901234" not in page.text
    assert "010190-1234" not in page.text


def test_no_cpr_claim_stores_nothing_and_says_so(client, broker, settings, donor_user):
    broker.configure(settings)
    client.force_login(donor_user)
    page = _round_trip(client, {"login": "giver-2"})
    assert not DonorIdentity.objects.exists()
    assert page.redirect_chain[-1][0] == reverse("support_tax:cpr-give")


def test_without_the_cpr_scope_mitid_is_not_offered(client, broker, settings, donor_user):
    broker.configure(settings)
    settings.PROPOSALS_OIDC_SCOPES = "openid profile municipality"
    client.force_login(donor_user)
    assert reverse("support_tax:cpr-mitid") not in client.get(reverse("support_tax:cpr-give")).text
    start = client.get(reverse("support_tax:cpr-mitid"), follow=True)
    assert start.redirect_chain[-1][0] == reverse("support_tax:cpr-give")
    assert not DonorIdentity.objects.exists()
