"""Fixtures shared by every module's tests.

Three kinds of people, as in every test file: a citizen (the ordinary user), staff with the
role a view needs, and an outsider who must be refused. Mail goes to a real SMTP server on
loopback; tasks run immediately unless a test asks for the database backend.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.tests_support.smtp import SMTPServer

pytest_plugins = ["socius.tests_support.browser"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, smtp_server: SMTPServer) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
        }
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    smtp_server.clear()
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()


@pytest.fixture
def mailbox(smtp_server: SMTPServer) -> SMTPServer:
    return smtp_server


@pytest.fixture
def citizen(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN])


@pytest.fixture
def outsider(db: None) -> Any:
    return UserFactory()


@pytest.fixture
def editor(db: None) -> Any:
    return UserFactory(roles=[Role.EDITOR], totp=True)


@pytest.fixture
def administrator(db: None) -> Any:
    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
