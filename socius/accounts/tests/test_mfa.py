import pytest

from socius.core.roles import Role
from socius.tests_support.factories import PASSWORD, TOTP_SECRET, UserFactory, has_totp, totp_code

pytestmark = pytest.mark.django_db


def _reauthenticate(client):
    response = client.post("/konto/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def _code(secret=TOTP_SECRET):
    return totp_code(secret)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADVISOR, Role.CASE_HANDLER, Role.ADMINISTRATOR])
def test_staff_without_mfa_are_sent_to_set_it_up(client, role):
    staff = UserFactory(roles=[role])
    response = client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    for url in ["/", "/temaer/", "/profil/", "/api/me"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/konto/2fa/totp/activate/")
    # Setting up a second factor asks for the password once more (a stolen session alone
    # must not be enough to bind an attacker's authenticator).
    response = client.get("/konto/2fa/totp/activate/")
    assert response["Location"].startswith("/konto/reauthenticate/")
    _reauthenticate(client)
    assert client.get("/konto/2fa/totp/activate/").status_code == 200


def test_citizens_need_no_mfa(client, citizen):
    client.force_login(citizen)
    assert client.get("/profil/").status_code == 200


def test_staff_with_mfa_get_through(client, editor):
    client.force_login(editor)
    assert client.get("/temaer/").status_code == 200


def test_staff_log_in_with_password_and_code(client):
    staff = UserFactory(roles=[Role.EDITOR], totp=True)
    response = client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert client.get("/profil/").status_code == 302  # not logged in yet

    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "Forkert kode" in response.text or "Incorrect code" in response.text
    response = client.post("/konto/2fa/authenticate/", {"code": "<script>" * 10})
    assert response.status_code == 200

    response = client.post("/konto/2fa/authenticate/", {"code": _code()})
    assert response.status_code == 302
    assert client.get("/profil/").status_code == 200


def test_staff_activate_totp_and_get_recovery_codes(client):
    staff = UserFactory(roles=[Role.ADMINISTRATOR])
    client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})
    _reauthenticate(client)
    response = client.get("/konto/2fa/totp/activate/")
    secret = response.context["form"].secret
    response = client.post("/konto/2fa/totp/activate/", {"code": "123456"})
    assert not has_totp(staff)
    response = client.post("/konto/2fa/totp/activate/", {"code": _code(secret)})
    assert response.status_code == 302
    assert has_totp(staff)
    response = client.get("/konto/2fa/recovery-codes/")
    assert response.status_code == 200
    assert len(response.context["unused_codes"]) == 10


def test_only_codes_of_the_neighbouring_windows_are_accepted(client):
    """The tests accept one 30-second window either side of now (conftest.py), so that no
    test waits for a fresh window; a code from further away is still refused."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    staff = UserFactory(roles=[Role.EDITOR], totp=True)
    client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})
    now = int(time.time()) // 30
    for counter in (now - 3, now + 3):
        stale = format_hotp_value(hotp_value(TOTP_SECRET, counter))
        response = client.post("/konto/2fa/authenticate/", {"code": stale})
        assert response.status_code == 200, counter
    # The next window's code: accepted whether the server is still in this window or already
    # in the next one when it checks.
    upcoming = format_hotp_value(hotp_value(TOTP_SECRET, now + 1))
    response = client.post("/konto/2fa/authenticate/", {"code": upcoming})
    assert response.status_code == 302
    assert client.get("/profil/").status_code == 200
