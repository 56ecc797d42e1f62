"""Sign-up asks a name and, optionally, roles and a party; the confirmed new account lands on
the next-step page; a detour to register an organisation comes back."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from socius.core.access import user_roles
from socius.core.models import AuditEntry, Party, PoliticianProfile
from socius.core.roles import Role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Et-langt-kodeord-42"  # noqa: S105


def _sign_up(client, **extra):
    data = {"email": "ny@example.dk", "password1": PASSWORD, "password2": PASSWORD}
    data.update(extra)
    return client.post("/konto/signup/", data)


def _confirm(client, mailbox):
    (message,) = mailbox.messages
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailbox.body_of(message)).group(0)
    return client.post(link.split("testserver", 1)[-1])


def test_the_form_explains_why_roles_are_asked_and_that_they_can_change(client):
    html = client.get("/konto/signup/").content.decode()
    assert "Dit navn" in html
    assert "Jeg deltager som (frivilligt)" in html
    assert "på tværs af roller og partier" in html
    assert "Du kan ændre dem senere på din profil" in html
    assert "E-mailadresse" in html
    assert "Emailadresse" not in html


def test_sign_up_with_name_roles_and_party_then_the_next_step_page(client, mailbox):
    party = Party.objects.get(letter="V")
    response = _sign_up(
        client, name="Mette Borger", roles=["citizen", "volunteer"], party=str(party.pk)
    )
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert user.name == "Mette Borger"
    assert user_roles(user) == {Role.CITIZEN, Role.VOLUNTEER, Role.POLITICIAN}
    profile = PoliticianProfile.objects.get(user=user)
    assert profile.party == party
    assert profile.verified_at is None
    assert AuditEntry.objects.filter(action="politician.declare", actor_id=user.pk).exists()

    response = _confirm(client, mailbox)
    assert response.status_code == 302
    assert response["Location"] == "/velkommen/"
    assert EmailAddress.objects.get(user=user).verified
    assert "Velkommen til Socius" in client.get("/velkommen/").content.decode()


def test_roles_are_optional(client, mailbox):
    assert _sign_up(client, name="Ole").status_code == 302
    user = get_user_model().objects.get()
    assert user_roles(user) == frozenset()
    assert not PoliticianProfile.objects.exists()


def test_a_name_is_required(client):
    response = _sign_up(client, name="")
    assert response.status_code == 200
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    "forged",
    [
        {"roles": ["administrator"]},
        {"roles": ["case_handler", "citizen"]},
        {"roles": ["politician"]},  # a politician states a party instead
        {"roles": ["<script>alert(1)</script>"]},
        {"party": "999999"},
        {"party": "1 OR 1=1"},
    ],
)
def test_forged_roles_and_parties_are_refused_and_nothing_is_created(client, forged):
    response = _sign_up(client, name="Hacker", **forged)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not get_user_model().objects.exists()


def test_an_inactive_party_cannot_be_chosen(client):
    party = Party.objects.get(letter="V")
    Party.objects.filter(pk=party.pk).update(is_active=False)
    assert _sign_up(client, name="Ole", party=str(party.pk)).status_code == 200
    assert not get_user_model().objects.exists()


def test_confirming_in_another_browser_leads_to_login_then_the_next_step(client, mailbox):
    _sign_up(client, name="Ole")
    client.logout()
    response = _confirm(client, mailbox)
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fvelkommen%2F"
    response = client.post(response["Location"], {"login": "ny@example.dk", "password": PASSWORD})
    assert response["Location"] == "/velkommen/"


def test_mails_follow_the_language_of_sign_up(client, mailbox):
    client.get("/sprog/en/?next=/")
    _sign_up(client, name="Ann")
    assert get_user_model().objects.get().language == "en"
    (message,) = mailbox.messages
    assert message["Subject"] == "[Socius] Confirm your e-mail address"


def test_login_lands_on_my_overview(client, citizen):
    response = client.post(
        "/konto/login/", {"login": citizen.email, "password": "Correct-Horse-42"}
    )
    assert response["Location"] == "/mit/"
