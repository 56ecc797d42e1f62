"""The strong login: two-factor in this session, or MitID through the broker, bound to the plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from socius.core.roles import Role
from socius.plans import services
from socius.plans.security import BINDING_KEY, STRONG_SESSION_KEY
from socius.plans.selectors import plan_meta
from socius.plans.tests.protection_support import strong_login
from socius.proposals.tests.oidc_provider import OidcProvider, provider_login
from socius.tests_support.factories import PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/min-plan/sikker-adgang/mitid/retur/"


@pytest.fixture(scope="module")
def oidc_server() -> Iterator[OidcProvider]:
    provider = OidcProvider([CALLBACK])
    yield provider
    provider.stop()


@pytest.fixture
def oidc(oidc_server: OidcProvider, settings: Any) -> OidcProvider:
    oidc_server.configure(settings)
    return oidc_server


@pytest.fixture
def citizen(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN])


def _mitid(client: Client, login: str, next_url: str = "/min-plan/") -> Any:
    start = client.get(reverse("plans:login-strong-mitid"), {"next": next_url})
    assert start.status_code == 302
    assert "code_challenge_method=S256" in start["Location"]
    back = provider_login(start["Location"], {"login": login}, stop_at=CALLBACK)
    return client.get(back.removeprefix("http://testserver"))


def test_anonymous_people_are_sent_to_log_in(client):
    response = client.get(reverse("plans:export"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_a_password_alone_is_sent_to_the_strong_login_page_with_both_ways(client, oidc, citizen):
    client.force_login(citizen)
    response = client.get(reverse("plans:export"))
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == reverse("plans:login-strong")
    assert parse_qs(target.query)["next"] == [reverse("plans:export")]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("plans:login-strong-mitid") in page.text
    assert reverse("mfa_activate_totp") in page.text  # set up two-factor first


def test_two_factor_done_in_this_session_opens_the_plan_pages(client, citizen):
    services.plan_create(actor=citizen, title="Min vej")
    strong_login(client, citizen)
    assert client.get(reverse("plans:export")).status_code == 200


def test_the_real_two_factor_step_makes_the_session_strong(client):
    user = UserFactory(roles=[Role.CITIZEN], totp=True)
    services.plan_create(actor=user, title="Min vej")
    client.force_login(user)
    page = client.get(reverse("plans:login-strong"), {"next": reverse("plans:export")})
    assert reverse("mfa_reauthenticate") in page.text
    response = client.post(
        reverse("mfa_reauthenticate") + "?next=" + reverse("plans:export"), {"code": totp_code()}
    )
    assert response.status_code == 302
    assert client.get(reverse("plans:export")).status_code == 200


def test_a_two_factor_record_of_another_person_does_not_count(client, citizen):
    other: Any = UserFactory(roles=[Role.CITIZEN])
    strong_login(client, other)
    session = client.session
    client.force_login(citizen)  # a new login in the same browser
    session = client.session
    session["account_authentication_methods_user"] = str(other.pk)
    session.save()
    assert client.get(reverse("plans:export")).status_code == 302


def test_logging_out_ends_the_strong_session(client, citizen):
    services.plan_create(actor=citizen, title="Min vej")
    strong_login(client, citizen)
    client.post(reverse("account_logout"))
    client.force_login(citizen)
    assert client.get(reverse("plans:export")).status_code == 302


def test_mitid_makes_the_session_strong_and_binds_the_plan(client, oidc, citizen):
    plan = services.plan_create(actor=citizen, title="Min vej")
    client.force_login(citizen)
    key_before = client.session.session_key
    response = _mitid(client, "mitid-borger-1", reverse("plans:export"))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:export")
    assert client.session.session_key != key_before  # no fixation into a strong session
    assert client.get(reverse("plans:export")).status_code == 200
    plan.refresh_from_db()
    bound = plan_meta(plan)[BINDING_KEY]
    assert bound
    assert "mitid-borger-1" not in bound  # a keyed hash, not the subject
    assert "mitid-borger-1" not in str(dict(client.session.items()))


def test_another_mitid_is_refused_for_a_bound_plan(client, oidc, citizen):
    services.plan_create(actor=citizen, title="Min vej")
    client.force_login(citizen)
    assert _mitid(client, "mitid-ejer").status_code == 302
    thief = Client()
    thief.force_login(citizen)  # knows the password, not the MitID
    response = _mitid(thief, "mitid-tyv")
    assert response.status_code == 403
    assert thief.get(reverse("plans:export")).status_code == 302
    assert STRONG_SESSION_KEY not in thief.session


def test_mitid_cannot_take_over_a_plan_kept_with_two_factor(client, oidc):
    user = UserFactory(roles=[Role.CITIZEN], totp=True)
    services.plan_create(actor=user, title="Min vej")
    client.force_login(user)  # the password only
    assert _mitid(client, "mitid-fremmed").status_code == 403
    assert client.get(reverse("plans:export")).status_code == 302


def test_a_mitid_session_that_starts_a_plan_binds_it(client, oidc, citizen):
    client.force_login(citizen)
    assert _mitid(client, "mitid-ny").status_code == 302
    plan = services.plan_create(actor=citizen, title="Ny plan")
    assert client.get(reverse("plans:export")).status_code == 200
    plan.refresh_from_db()
    assert plan_meta(plan)[BINDING_KEY]


@pytest.mark.parametrize(
    "params",
    [
        {"state": "forged", "code": "x"},
        {"code": "x"},
        {},
        {"state": "<script>", "error": "access_denied"},
    ],
    ids=["forged-state", "no-state", "nothing", "hostile"],
)
def test_a_forged_callback_is_refused(client, oidc, citizen, params):
    client.force_login(citizen)
    response = client.get(reverse("plans:login-strong-callback"), params)
    assert response.status_code == 400
    assert "<script>" not in response.text
    assert STRONG_SESSION_KEY not in client.session


def test_a_signing_started_for_a_proposal_is_not_a_plan_login(client, oidc, citizen):
    from socius.proposals.oidc import authorization_start

    client.force_login(citizen)
    session = client.session
    url = authorization_start(
        session, redirect_uri=CALLBACK, proposal_id="00000000-0000-0000-0000-000000000000"
    )
    session.save()
    back = provider_login(url, {"login": "mitid-x"}, stop_at=CALLBACK)
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 400
    assert STRONG_SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"]
)
def test_next_never_leaves_the_site(client, citizen, next_url):
    strong_login(client, citizen)
    response = client.get(reverse("plans:login-strong"), {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:home")


def test_without_the_broker_the_page_offers_two_factor_only(client, citizen, settings):
    settings.PROPOSALS_OIDC_ISSUER = ""
    client.force_login(citizen)
    page = client.get(reverse("plans:login-strong"))
    assert reverse("plans:login-strong-mitid") not in page.text
    response = client.get(reverse("plans:login-strong-mitid"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("plans:login-strong")


def test_staff_need_a_strong_session_too(client):
    handler = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    client.force_login(handler)
    assert client.get(reverse("plans:export")).status_code == 302
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": handler.email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    services.plan_create(actor=handler, title="Egen plan")
    assert client.get(reverse("plans:export")).status_code == 200
