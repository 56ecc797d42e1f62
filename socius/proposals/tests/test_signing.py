"""Signing through the real OpenID Connect provider, and every refusal."""

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlencode

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.proposals.checks import proposals_deploy_check
from socius.proposals.models import Proposal, Signature
from socius.proposals.oidc import OidcError, id_token_validate
from socius.proposals.services.signing import paper_signature_add, signature_add, signature_withdraw
from socius.proposals.tests.conftest import CALLBACK, adult, make_published
from socius.proposals.tests.oidc_provider import provider_login
from socius.tests_support.servers import POLL_INTERVAL

pytestmark = pytest.mark.django_db


ADULT_IN_AARHUS = {"birthdate": "1990-01-01", "municipality_code": "751"}


def _sign_in(client, proposal, claims):
    response = client.get(reverse("proposals:sign-start", args=[proposal.public_id]))
    assert response.status_code == 302
    back = provider_login(response["Location"], claims, stop_at=CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def test_it_signs_through_the_real_provider_with_pkce_state_and_nonce(client, oidc, published):
    # given a citizen of Aarhus, aged 30
    auth = client.get(reverse("proposals:sign-start", args=[published.public_id]))
    assert "code_challenge_method=S256" in auth["Location"]
    assert "nonce=" in auth["Location"]
    assert "state=" in auth["Location"]
    back = provider_login(
        auth["Location"],
        {"login": "borger-1", "birthdate": "1995-03-03", "municipality_code": "751"},
        stop_at=CALLBACK,
    )
    # when they come back and sign
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Skriv under nu" in page.text
    response = client.post(response["Location"], {"action": "sign"}, follow=True)
    # then one signature is stored, without the subject in clear, and a receipt shown
    assert response.status_code == 200
    assert "Tak. Din underskrift er talt med." in response.text
    signature = Signature.objects.get()
    assert "borger-1" not in signature.identity_hash
    assert len(signature.identity_hash) == 64
    published.refresh_from_db()
    assert (published.signatures_online, published.signatures_paper) == (1, 0)
    # signing again answers "already signed" with the same receipt
    again = client.post(response.request["PATH_INFO"], {"action": "sign"}, follow=True)
    assert again.status_code == 200
    assert "Du har allerede skrevet under" in again.text
    assert response.context["receipt"] == again.context["receipt"]
    assert Signature.objects.count() == 1
    # and a new sign-in as the same person finds the signature and may withdraw it
    client.logout()
    _sign_in(
        client,
        published,
        {"login": "borger-1", "birthdate": "1995-03-03", "municipality_code": "751"},
    )
    url = reverse("proposals:proposal-sign", args=[published.public_id])
    assert "Du skrev under den" in client.get(url).text
    gone = client.post(
        reverse("proposals:signature-withdraw", args=[published.public_id]), follow=True
    )
    assert "Din underskrift er trukket tilbage." in gone.text
    published.refresh_from_db()
    assert published.signatures_online == 0
    assert Signature.objects.get().withdrawn_at is not None


def test_the_signing_page_says_only_what_is_true_for_the_person_in_front_of_it(
    client, oidc, published
):
    # given a signed-in person who has not signed, sent a link that thanks a signer
    _sign_in(client, published, {"login": "ikke-skrevet", **ADULT_IN_AARHUS})
    url = reverse("proposals:proposal-sign", args=[published.public_id])
    for told in ["talt", "allerede", "noget-andet", "<script>"]:
        page = client.get(url, {"udfald": told})
        # then the page does not say they signed
        assert page.status_code == 200
        assert "Tak. Din underskrift er talt med." not in page.text
        assert "Du har allerede skrevet under" not in page.text
        assert "<script>" not in page.text
        assert "Skriv under nu" in page.text
    # and once they have signed, a link saying "withdrawn" does not either
    client.post(url, {"action": "sign"})
    page = client.get(url, {"udfald": "trukket"})
    assert "Din underskrift er trukket tilbage." not in page.text
    assert "Du skrev under den" in page.text


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        (
            {
                "birthdate": timezone.localdate()
                .replace(year=timezone.localdate().year - 14)
                .isoformat(),
                "municipality_code": "751",
            },
            "mindst 15 år",
        ),
        ({"birthdate": "1980-01-01", "municipality_code": "101"}, "bor i kommunen"),
    ],
)
def test_it_refuses_minors_and_non_residents_and_says_which_rule(
    client, oidc, published, claims, message
):
    _sign_in(client, published, {"login": "ung-eller-udenbys", **claims})
    url = reverse("proposals:proposal-sign", args=[published.public_id])
    assert message in client.get(url).text
    response = client.post(url, {"action": "sign"})
    assert response.status_code == 400
    assert message in response.text
    assert not Signature.objects.exists()


def test_it_refuses_a_replayed_or_forged_callback(client, oidc, published):
    auth = client.get(reverse("proposals:sign-start", args=[published.public_id]))
    back = provider_login(
        auth["Location"],
        {"login": "b2", "birthdate": "1980-01-01", "municipality_code": "751"},
        stop_at=CALLBACK,
    )
    path = back.removeprefix("http://testserver")
    assert client.get(path).status_code == 302
    # the same response again: the state is used up
    replay = client.get(path)
    assert replay.status_code == 400
    assert "ikke startet her" in replay.text
    # a state this browser never saw
    forged = client.get(
        reverse("proposals:oidc-callback") + "?" + urlencode({"code": "x", "state": "made-up"})
    )
    assert forged.status_code == 400


def test_it_refuses_a_code_from_another_sign_in(client, oidc, published):
    first = client.get(reverse("proposals:sign-start", args=[published.public_id]))["Location"]
    second = client.get(reverse("proposals:sign-start", args=[published.public_id]))["Location"]
    back = provider_login(
        first,
        {"login": "b3", "birthdate": "1980-01-01", "municipality_code": "751"},
        stop_at=CALLBACK,
    )
    code = back.split("code=")[1].split("&")[0]
    other_state = second.split("state=")[1].split("&")[0]
    # the code bound to the first PKCE verifier, sent with the second state: refused
    response = client.get(reverse("proposals:oidc-callback") + f"?code={code}&state={other_state}")
    assert response.status_code == 400
    assert not Signature.objects.exists()


class _JwksServer:
    """A JWKS endpoint serving a key the test controls."""

    def __init__(self, jwk: dict):
        body = json.dumps({"keys": [jwk]}).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, daemon=True
        ).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/jwks"


@pytest.fixture
def test_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update(kid="test", use="sig", alg="RS256")
    server = _JwksServer(jwk)
    yield key, server.url
    server.server.shutdown()


def _token(key, **overrides):
    now = int(time.time())
    claims = {
        "iss": "http://issuer.test",
        "aud": "socius",
        "sub": "s",
        "iat": now,
        "exp": now + 60,
        "nonce": "n1",
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "test"})


def _validate(token, jwks_url, nonce="n1"):
    return id_token_validate(
        token, nonce=nonce, issuer="http://issuer.test", client_id="socius", jwks_uri=jwks_url
    )


def test_a_good_token_signed_by_a_trusted_key_passes(test_key):
    key, url = test_key
    assert _validate(_token(key), url)["sub"] == "s"


@pytest.mark.parametrize(
    ("overrides", "nonce"),
    [
        ({"nonce": "other"}, "n1"),
        ({"aud": "another-client"}, "n1"),
        ({"iss": "http://evil.test"}, "n1"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 4000}, "n1"),
        ({"nonce": None}, "n1"),
    ],
    ids=["bad-nonce", "wrong-audience", "wrong-issuer", "expired", "no-nonce"],
)
def test_bad_tokens_are_refused(test_key, overrides, nonce):
    key, url = test_key
    with pytest.raises(OidcError):
        _validate(_token(key, **overrides), url, nonce=nonce)


def test_unsigned_and_hmac_and_foreign_key_tokens_are_refused(test_key):
    key, url = test_key
    now = int(time.time())
    claims = {
        "iss": "http://issuer.test",
        "aud": "socius",
        "sub": "s",
        "iat": now,
        "exp": now + 60,
        "nonce": "n1",
    }
    unsigned = jwt.encode(claims, None, algorithm="none")
    hmac_token = jwt.encode(claims, "secret" * 8, algorithm="HS256", headers={"kid": "test"})
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    foreign = jwt.encode(claims, other, algorithm="RS256", headers={"kid": "test"})
    for token in (unsigned, hmac_token, foreign, "not.a.token"):
        with pytest.raises(OidcError):
            _validate(token, url)


def test_signing_before_publication_and_after_the_deadline_is_refused(
    published, proposer, aarhus, rules
):
    from socius.proposals import services

    draft = services.proposal_create(
        actor=proposer, municipality=aarhus, title="Kladde", text="Tekst til byrådet."
    )
    with pytest.raises(ValidationError, match="ikke åbent"):
        signature_add(proposal=draft, identity=adult("a"))
    published.signing_ends_at = timezone.now() - datetime.timedelta(seconds=1)
    published.save()
    with pytest.raises(ValidationError, match="sluttet"):
        signature_add(proposal=published, identity=adult("a"))


def test_a_proposal_closed_after_it_was_read_takes_no_signature(published):
    # The signer's copy of the proposal still says "open" (read a moment before it closed):
    # the statement that stores the signature checks again in the database and refuses.
    stale = Proposal.objects.get(pk=published.pk)
    Proposal.objects.filter(pk=published.pk).update(
        signing_ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="sluttet"):
        signature_add(proposal=stale, identity=adult("late"))
    Proposal.objects.filter(pk=published.pk).update(
        signing_ends_at=timezone.now() + datetime.timedelta(days=1)
    )
    stale = Proposal.objects.get(pk=published.pk)
    Proposal.objects.filter(pk=published.pk).update(state="withdrawn")
    with pytest.raises(ValidationError, match="ikke åbent"):
        signature_add(proposal=stale, identity=adult("late"))
    published.refresh_from_db()
    assert not Signature.objects.filter(proposal=published).exists()
    assert (published.signatures_online, published.signatures_paper) == (0, 0)


def test_a_withdrawal_after_signing_closed_is_refused_even_with_an_old_copy(published):
    signature_add(proposal=published, identity=adult("keeps"))
    stale = Proposal.objects.get(pk=published.pk)
    Proposal.objects.filter(pk=published.pk).update(
        signing_ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="sluttet"):
        signature_withdraw(proposal=stale, identity=adult("keeps"))
    published.refresh_from_db()
    assert published.signatures_online == 1
    assert Signature.objects.get(proposal=published).withdrawn_at is None


def test_the_signing_endpoint_refuses_a_closed_proposal_it_read_a_moment_ago(
    client, published, settings
):
    settings.ROOT_URLCONF = "socius.proposals.testing_urls"
    url = reverse("proposals-test-sign", args=[published.public_id])

    def sign(sub):
        claims = json.dumps({"sub": sub, "birthdate": "1980-01-01", "municipality_code": "751"})
        return client.post(url, {"test_claims": claims})

    assert sign("first").status_code == 303  # the process now holds a copy of the proposal
    assert sign("first").status_code == 303  # a retry: the same signature, counted once
    Proposal.objects.filter(pk=published.pk).update(
        signing_ends_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = sign("second")
    assert response.status_code == 400
    assert "sluttet" in response.content.decode()
    published.refresh_from_db()
    assert Signature.objects.filter(proposal=published).count() == 1
    assert published.signatures_online == 1


def test_the_sign_page_of_a_draft_is_not_found(client, proposer, aarhus, rules):
    from socius.proposals import services

    draft = services.proposal_create(
        actor=proposer, municipality=aarhus, title="Kladde", text="Tekst."
    )
    assert client.get(reverse("proposals:proposal-sign", args=[draft.public_id])).status_code == 404


def test_paper_and_online_signatures_deduplicate_through_the_cpr_hash(
    proposer, case_handler, aarhus, rules, settings
):
    # given a proposal that takes paper forms with CPR numbers, and someone who signed online
    settings.PROPOSALS_PAPER_CPR = True
    published = make_published(proposer, case_handler, aarhus)
    signature_add(proposal=published, identity=adult("sub-x", cpr="010180-1234", birthdate=""))
    # when staff enter the same person's paper form
    result = paper_signature_add(
        actor=case_handler,
        proposal=published,
        name="Anna Jensen",
        address="Vestergade 1, 8000 Aarhus C",
        birth_date=datetime.date(1980, 1, 1),
        cpr="0101801234",
        lives_in_municipality=True,
    )
    # then it is the same signature
    assert not result.created
    other = paper_signature_add(
        actor=case_handler,
        proposal=published,
        name="Bo Hansen",
        address="Søndergade 2, 8000 Aarhus C",
        birth_date=datetime.date(1970, 2, 2),
        cpr="020270 1234",
        lives_in_municipality=True,
    )
    assert other.created
    published.refresh_from_db()
    assert (published.signatures_online, published.signatures_paper) == (1, 1)
    assert not Signature.objects.filter(identity_hash__contains="0101801234").exists()


def test_paper_signatures_follow_the_same_rules(published, case_handler, citizen):
    with pytest.raises(ValidationError, match="bor i kommunen"):
        paper_signature_add(
            actor=case_handler,
            proposal=published,
            name="C",
            address="Et sted i København",
            birth_date=datetime.date(1980, 1, 1),
            lives_in_municipality=False,
        )
    with pytest.raises(ValidationError, match="mindst 15"):
        paper_signature_add(
            actor=case_handler,
            proposal=published,
            name="D",
            address="Aarhus",
            birth_date=timezone.localdate() - datetime.timedelta(days=365 * 10),
            lives_in_municipality=True,
        )
    with pytest.raises(ValidationError, match="tager ikke CPR-numre"):
        paper_signature_add(
            actor=case_handler,
            proposal=published,
            name="E",
            address="Aarhus",
            birth_date=datetime.date(1990, 1, 1),
            cpr="010180-1234",
            lives_in_municipality=True,
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        paper_signature_add(
            actor=citizen,
            proposal=published,
            name="F",
            address="Aarhus",
            birth_date=datetime.date(1980, 1, 1),
            lives_in_municipality=True,
        )


def test_the_test_identity_path_is_off_by_default_and_refused_by_deploy_checks(
    client, published, settings
):
    # the production signing view ignores posted claims, and the production URLconf has no
    # test-only signing URL at all
    url = reverse("proposals:proposal-sign", args=[published.public_id])
    claims = json.dumps({"sub": "t", "birthdate": "1980-01-01", "municipality_code": "751"})
    response = client.post(url, {"action": "sign", "test_claims": claims})
    assert response.status_code == 400
    test_path = f"/test/borgerforslag/{published.public_id}/skriv-under/"
    assert client.post(test_path, {"test_claims": claims}).status_code == 404
    assert not Signature.objects.exists()
    assert "proposals.E001" not in {p.id for p in proposals_deploy_check(None)}
    # only the test URLconf serves it, and a deploy check refuses that URLconf
    settings.ROOT_URLCONF = "socius.proposals.testing_urls"
    assert client.post(test_path, {"test_claims": claims}).status_code == 303
    assert Signature.objects.count() == 1
    withdraw = reverse("proposals-test-withdraw", args=[published.public_id])
    assert client.post(withdraw, {"test_claims": claims}).status_code == 303
    assert Signature.objects.get().withdrawn_at is not None
    with pytest.raises(SystemCheckError, match="proposals.E001"):
        call_command("check", deploy=True, fail_level="ERROR")


def test_the_test_signing_urls_refuse_forged_claims_and_get(client, published, settings):
    settings.ROOT_URLCONF = "socius.proposals.testing_urls"
    url = reverse("proposals-test-sign", args=[published.public_id])
    for forged in ["", "not json", "[1, 2]", json.dumps({"birthdate": "1980-01-01"}), "null"]:
        assert client.post(url, {"test_claims": forged}).status_code == 400
    assert client.get(url).status_code == 405
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    ("key", "expected"),
    [("", {"proposals.W001"}), ("short-key", {"proposals.W002"}), ("k" * 48, set())],
)
def test_deploy_checks_want_an_identity_key_of_its_own(settings, key, expected):
    from django.core.checks import run_checks

    settings.PROPOSALS_IDENTITY_KEY = key
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert ids & {"proposals.W001", "proposals.W002"} == expected


def test_threshold_notifies_the_secretariat_once_and_is_audited(
    published, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            signature_add(proposal=published, identity=adult(f"p{i}"))
    published.refresh_from_db()
    assert published.state == "threshold"
    assert published.council_deadline is not None
    to_secretariat = [m for m in mailbox.messages if "byraad@aarhus.example.dk" in m["To"]]
    assert len(to_secretariat) == 1
    assert AuditEntry.objects.filter(action="proposals.reach_threshold").count() == 1
    subjects = [m["Subject"] for m in mailbox.messages if m["To"] == "forslag@example.dk"]
    assert sum("25 %" in s for s in subjects) == 1
    assert sum("100 %" in s for s in subjects) == 1


def test_each_signer_gets_their_own_copy_of_the_proposal_the_process_holds(published):
    from socius.proposals.selectors import proposal_for_signing

    first = proposal_for_signing(published.public_id)
    second = proposal_for_signing(published.public_id)
    assert first is not second
    assert first._state is not second._state
    assert (first.pk, first.title, first.terms, first.municipality.code) == (
        published.pk,
        published.title,
        published.terms,
        published.municipality.code,
    )
    assert not first._state.adding
    assert first._state.db == "default"
    # one signer's copy changing (a refresh after a race, say) leaves the other's alone
    first.title = "Ændret"
    first._state.fields_cache.pop("municipality")
    assert second.title == published.title
    assert "municipality" in second._state.fields_cache
    assert second.municipality.code == published.municipality.code
    first.refresh_from_db()
    assert first.title == published.title
