"""One person, one signature, across paper forms and sign-ins with and without a CPR number.

Online signing goes through the test-only URLconf (socius.proposals.testing_urls), which runs
the production signing path with posted claims instead of the MitID round trip."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.urls import reverse

from socius.proposals.identity import cpr_normalise
from socius.proposals.models import Signature
from socius.proposals.services.signing import paper_signature_add
from socius.proposals.tests.conftest import make_published

pytestmark = pytest.mark.django_db

ANNA = {"sub": "anna-broker-subject", "birthdate": "1980-01-01", "municipality_code": "751"}


@pytest.fixture
def test_urls(settings):
    settings.ROOT_URLCONF = "socius.proposals.testing_urls"


@pytest.fixture
def by_cpr(settings, proposer, case_handler, aarhus, rules):
    """A proposal published while the municipality takes paper forms with CPR numbers."""
    settings.PROPOSALS_PAPER_CPR = True
    return make_published(proposer, case_handler, aarhus)


@pytest.fixture
def by_subject(settings, proposer, case_handler, aarhus, rules):
    """A proposal published while paper forms take no CPR number (the default)."""
    settings.PROPOSALS_PAPER_CPR = False
    return make_published(proposer, case_handler, aarhus)


def _sign_online(client, proposal, claims):
    url = reverse("proposals-test-sign", args=[proposal.public_id])
    return client.post(url, {"test_claims": json.dumps(claims)})


def _told(response):
    """What the signing page is sent to say after the POST (its ?udfald=...): the test URLs
    leave no identity in the session, so the page itself would not say it (see views/sign.py);
    tests with a real sign-in read the sentence on the page."""
    assert response.status_code == 303
    return parse_qs(urlsplit(response["Location"]).query)["udfald"]


def _paper(actor, proposal, **extra):
    return paper_signature_add(
        actor=actor,
        proposal=proposal,
        name="Anna Jensen",
        address="Vestergade 1, 8000 Aarhus C",
        birth_date=datetime.date(1980, 1, 1),
        lives_in_municipality=True,
        **extra,
    )


def _counts(proposal):
    proposal.refresh_from_db()
    return proposal.signatures_online, proposal.signatures_paper


def test_paper_with_cpr_and_online_with_cpr_count_the_same_person_once(
    client, test_urls, by_cpr, case_handler
):
    # given Anna's paper form, with her CPR number written with a space
    assert _paper(case_handler, by_cpr, cpr="010180 1234").created
    # when she also signs online, the broker releasing her CPR number without a dash
    response = _sign_online(client, by_cpr, {**ANNA, "cpr": "0101801234"})
    # then she is told she has signed, and counted once
    assert _told(response) == ["allerede"]
    assert _counts(by_cpr) == (0, 1)
    assert Signature.objects.filter(proposal=by_cpr).count() == 1


def test_online_first_then_paper_with_cpr_counts_once(client, test_urls, by_cpr, case_handler):
    _sign_online(client, by_cpr, {**ANNA, "cpr": "010180-1234"})
    assert not _paper(case_handler, by_cpr, cpr="0101801234").created
    assert _counts(by_cpr) == (1, 0)


def test_a_sign_in_without_cpr_is_refused_when_paper_forms_carry_cpr(
    client, test_urls, by_cpr, case_handler
):
    # given Anna signed on paper with her CPR number
    _paper(case_handler, by_cpr, cpr="0101801234")
    # when she signs in without the CPR claim
    url = reverse("proposals-test-sign", args=[by_cpr.public_id])
    response = client.post(url, {"test_claims": json.dumps(ANNA)})
    # then she is refused in plain Danish and not counted a second time
    assert response.status_code == 400
    assert "Kommunen tager også imod underskrifter på papir med CPR-nummer" in response.text
    assert _counts(by_cpr) == (0, 1)
    # a claim that is not a CPR number is no CPR number either
    forged = client.post(url, {"test_claims": json.dumps({**ANNA, "cpr": "01018O-1234"})})
    assert forged.status_code == 400
    assert _counts(by_cpr) == (0, 1)


def test_paper_forms_need_the_cpr_number_when_the_proposal_counts_by_it(by_cpr, case_handler):
    with pytest.raises(ValidationError, match="Skriv CPR-nummeret"):
        _paper(case_handler, by_cpr)
    with pytest.raises(ValidationError, match="ikke gyldigt"):
        _paper(case_handler, by_cpr, cpr="01018-01234x")


def test_without_paper_cpr_a_later_sign_in_with_cpr_does_not_count_again(
    client, test_urls, by_subject
):
    # given Anna signed when the broker did not release her CPR number
    first = _sign_online(client, by_subject, ANNA)
    assert _told(first) == ["talt"]
    # when she signs in again and this time the broker releases it
    again = _sign_online(client, by_subject, {**ANNA, "cpr": "0101801234"})
    # then it is the same signature
    assert _told(again) == ["allerede"]
    assert _counts(by_subject) == (1, 0)
    # and she can withdraw it from either sign-in
    withdraw = reverse("proposals-test-withdraw", args=[by_subject.public_id])
    client.post(withdraw, {"test_claims": json.dumps({**ANNA, "cpr": "0101801234"})})
    assert _counts(by_subject) == (0, 0)


def test_without_paper_cpr_a_sign_in_without_a_subject_is_refused(client, test_urls, by_subject):
    claims = {"cpr": "0101801234", "birthdate": "1980-01-01", "municipality_code": "751"}
    url = reverse("proposals-test-sign", args=[by_subject.public_id])
    response = client.post(url, {"test_claims": json.dumps(claims)})
    assert response.status_code == 400
    assert "Dit log-ind gav ingen identitet." in response.text
    assert _counts(by_subject) == (0, 0)


def test_without_paper_cpr_paper_forms_take_no_cpr_number(by_subject, case_handler):
    with pytest.raises(ValidationError, match="tager ikke CPR-numre"):
        _paper(case_handler, by_subject, cpr="0101801234")
    assert _paper(case_handler, by_subject).created


def test_a_proposal_keeps_its_identifier_when_the_setting_changes(
    client, test_urls, by_subject, settings
):
    _sign_online(client, by_subject, ANNA)
    settings.PROPOSALS_PAPER_CPR = True  # switched on after publication
    again = _sign_online(client, by_subject, {**ANNA, "cpr": "0101801234"})
    assert _told(again) == ["allerede"]
    assert _counts(by_subject) == (1, 0)


def test_the_staff_paper_form_asks_for_cpr_only_when_the_proposal_counts_by_it(
    client, by_cpr, case_handler, settings
):
    client.force_login(case_handler)
    page = client.get(reverse("proposals:staff-proposal", args=[by_cpr.public_id]))
    assert 'name="cpr"' in page.text
    url = reverse("proposals:staff-action", args=[by_cpr.public_id, "paper"])
    form = {
        "name": "Anna Jensen",
        "address": "Vestergade 1",
        "birth_date": "1980-01-01",
        "lives_in_municipality": "on",
    }
    assert client.post(url, form).status_code == 400
    assert client.post(url, {**form, "cpr": "010180-1234"}).status_code == 302
    assert _counts(by_cpr) == (0, 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("010180-1234", "0101801234"),
        (" 010180 1234 ", "0101801234"),
        ("0101801234", "0101801234"),
        ("٠١٠١٨٠١٢٣٤", None),  # digits of another script: one spelling, one hash
        ("320180-1234", None),  # no 32nd of January
        ("010180--1234", None),
        ("010180-123", None),
    ],
)
def test_cpr_numbers_are_normalised_and_checked(value, expected):
    assert cpr_normalise(value) == expected


@pytest.mark.parametrize(
    ("paper_cpr", "scopes", "claim", "expected"),
    [
        (True, "openid profile municipality", "cpr", True),
        (True, "openid profile municipality cpr", "", True),
        (True, "openid profile municipality cpr", "cpr", False),
        (False, "openid profile municipality", "cpr", False),
    ],
)
def test_the_deploy_check_wants_the_cpr_scope_when_paper_forms_carry_cpr(
    settings, paper_cpr, scopes, claim, expected
):
    settings.PROPOSALS_PAPER_CPR = paper_cpr
    settings.PROPOSALS_OIDC_ISSUER = "https://broker.example.dk"
    settings.PROPOSALS_OIDC_SCOPES = scopes
    settings.PROPOSALS_OIDC_CLAIM_CPR = claim
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert ("proposals.E002" in ids) is expected
