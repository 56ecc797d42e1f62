import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from socius.tests_support.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _confirmation_link(mailbox, address):
    (message,) = [m for m in mailbox.messages if m["To"] == address]
    body = mailbox.body_of(message)
    match = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+/", body)
    assert match, body
    return message, match.group(0)


def test_sign_up_confirm_by_mail_and_log_in(client, mailbox):
    response = client.post(
        "/konto/signup/",
        {
            "name": "Ny Borger",
            "email": "Ny.Borger@Example.dk",
            "password1": "Et-langt-kodeord-42",
            "password2": "Et-langt-kodeord-42",
        },
    )
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert user.email == "ny.borger@example.dk"

    message, link = _confirmation_link(mailbox, "ny.borger@example.dk")
    assert "Socius" in message["Subject"]
    # Mails are written in the recipient's language: Danish by default.
    assert "Bekræft" in message["Subject"] or "bekræft" in mailbox.body_of(message).lower()

    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(
        "/konto/login/", {"login": "ny.borger@example.dk", "password": "Et-langt-kodeord-42"}
    )
    assert response.status_code == 302
    assert client.get("/profil/").status_code == 200


def test_unverified_accounts_cannot_log_in(client, mailbox):
    client.post(
        "/konto/signup/",
        {
            "name": "A",
            "email": "a@example.dk",
            "password1": "Et-langt-kodeord-42",
            "password2": "Et-langt-kodeord-42",
        },
    )
    client.logout()
    response = client.post(
        "/konto/login/", {"login": "a@example.dk", "password": "Et-langt-kodeord-42"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"


def test_hostile_sign_up_input_is_refused_clearly(client):
    response = client.post(
        "/konto/signup/",
        {"email": "<script>@x" + "a" * 300, "password1": "123", "password2": "456"},
    )
    assert response.status_code == 200
    assert "<script>@x" not in response.text
    assert get_user_model().objects.count() == 0


def test_password_reset_sends_a_mail(client, citizen, mailbox):
    response = client.post("/konto/password/reset/", {"email": citizen.email})
    assert response.status_code == 302
    (message,) = mailbox.messages
    assert message["To"] == citizen.email
    assert "/konto/password/reset/key/" in mailbox.body_of(message)


def test_failed_logins_are_rate_limited(client, citizen):
    texts = [
        client.post("/konto/login/", {"login": citizen.email, "password": f"wrong-{i}"}).text
        for i in range(6)
    ]
    assert "for mange mislykkede" not in texts[0]
    assert "for mange mislykkede" in texts[-1]
    # Even the right password is refused while the limit holds.
    response = client.post("/konto/login/", {"login": citizen.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "for mange mislykkede" in response.text
