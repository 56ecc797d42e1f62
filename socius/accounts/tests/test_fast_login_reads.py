"""The logged-in person is read in one query (accounts.backends) from a session read with one
plain SELECT (accounts.sessions), and nothing of Django's session checks is lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from socius.accounts.backends import load_user
from socius.accounts.sessions import SessionStore
from socius.core.access import user_roles
from socius.core.models import Notification, RoleAssignment
from socius.core.notifications import notification_unread_count, notifications_mark_all_read
from socius.core.roles import Role
from socius.tests_support.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _session_for(user, backend: str) -> str:
    """A session written the way django.contrib.auth.login writes one, naming ``backend``."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key is not None
    return store.session_key


def _client_with(key: str) -> Client:
    client = Client()
    client.cookies["sessionid"] = key
    return client


def test_one_query_reads_the_person_their_roles_and_unread_count(django_assert_num_queries):
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=Role.CITIZEN)
    RoleAssignment.objects.create(user=user, role=Role.ADVISOR)
    Notification.objects.create(recipient=user, kind="test", title="Ulæst")
    Notification.objects.create(recipient=user, kind="test", title="Læst", read_at=timezone.now())
    with django_assert_num_queries(1):
        loaded = load_user(user.pk)
        assert loaded == user
        assert user_roles(loaded) == {Role.CITIZEN, Role.ADVISOR}
        assert notification_unread_count(user=loaded) == 1


def test_a_person_without_roles_or_notifications():
    user = UserFactory()
    loaded = load_user(user.pk)
    assert user_roles(loaded) == frozenset()
    assert notification_unread_count(user=loaded) == 0
    assert load_user(user.pk + 1000) is None


def test_marking_read_drops_the_count_read_with_the_person():
    user = UserFactory()
    Notification.objects.create(recipient=user, kind="test", title="Ulæst")
    loaded = load_user(user.pk)
    assert notification_unread_count(user=loaded) == 1
    notifications_mark_all_read(user=loaded)
    assert notification_unread_count(user=loaded) == 0


@pytest.mark.parametrize(
    "old_backend",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_sessions_from_before_stay_logged_in(old_backend):
    """A session that names Django's or allauth's backend is moved onto the replacement."""
    user = UserFactory(name="Gammel Session")
    key = _session_for(user, old_backend)
    html = _client_with(key).get("/").content.decode()
    assert "Gammel Session" in html
    assert "Log ud" in html
    data = SessionStore(session_key=key).load()
    assert data[BACKEND_SESSION_KEY].startswith("socius.accounts.backends.")


def test_an_unknown_backend_is_not_logged_in():
    user = UserFactory(name="Fremmed Backend")
    key = _session_for(user, "some.other.Backend")
    html = _client_with(key).get("/").content.decode()
    assert "Fremmed Backend" not in html
    assert "Log ind" in html


def test_a_changed_password_ends_other_sessions():
    """Django's check of the session's password hash still runs on the person read here."""
    user = UserFactory(name="Skiftet Kode")
    key = _session_for(user, "socius.accounts.backends.AuthenticationBackend")
    assert "Skiftet Kode" in _client_with(key).get("/").content.decode()
    user.set_password("en-helt-ny-adgangskode-7")
    user.save()
    assert "Skiftet Kode" not in _client_with(key).get("/").content.decode()


def test_a_deactivated_person_is_logged_out():
    user = UserFactory(name="Lukket Konto")
    key = _session_for(user, "socius.accounts.backends.ModelBackend")
    user.is_active = False
    user.save()
    assert "Lukket Konto" not in _client_with(key).get("/").content.decode()


def test_an_expired_or_deleted_session_is_not_read():
    user = UserFactory(name="Udløbet Session")
    expired = _session_for(user, "socius.accounts.backends.ModelBackend")
    Session.objects.filter(session_key=expired).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert "Udløbet Session" not in _client_with(expired).get("/").content.decode()
    deleted = _session_for(user, "socius.accounts.backends.ModelBackend")
    assert "Udløbet Session" in _client_with(deleted).get("/").content.decode()
    Session.objects.filter(session_key=deleted).delete()  # "log out everywhere"
    assert "Udløbet Session" not in _client_with(deleted).get("/").content.decode()


def test_logging_in_and_out_through_the_forms():
    user = UserFactory(name="Form Bruger")
    client = Client()
    response = client.post("/konto/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    key = client.cookies["sessionid"].value
    backend = SessionStore(session_key=key).load()[BACKEND_SESSION_KEY]
    assert backend.startswith("socius.accounts.backends.")
    assert "Form Bruger" in client.get("/").content.decode()
    client.post("/konto/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert "Form Bruger" not in client.get("/").content.decode()
