"""The answer while the database cannot be reached (socius/core/unavailable.py), in process.

The errors are real: a second connection, made like the site's own, to an address where
nothing listens (PostgreSQL) or a file that cannot be opened (SQLite), or a connection whose
server process is ended. The test views only open it; Django's handler, the site's
``handler500``, the logging configuration and the SMTP server on loopback do the rest. The
whole outage, with the production web server and a real PostgreSQL going away, is test_database_outage.py.
"""

from __future__ import annotations

import logging
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pydantic
import pytest
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path
from django.utils import translation
from django.utils.translation import gettext

from socius.core.unavailable import database_unavailable
from socius.urls import handler500  # the site's own, as the test URLs below use it

pytestmark = pytest.mark.django_db

__all__ = ["handler500"]

HEADING = "The site is not available right now"
_dead: dict[str, object] = {}


def _unreachable_copy() -> object:
    """A connection like the site's, to where no database answers."""
    copy = connection.copy()
    if connection.vendor == "sqlite":
        copy.settings_dict["NAME"] = str(_dead["folder"] / "missing" / "socius.sqlite3")
    else:
        copy.settings_dict["HOST"], copy.settings_dict["PORT"] = "127.0.0.1", _dead["port"]
    return copy


def _refused(request: HttpRequest) -> HttpResponse:
    copy = _unreachable_copy()
    try:
        copy.ensure_connection()  # type: ignore[attr-defined]
    finally:
        copy.close()  # type: ignore[attr-defined]
    return HttpResponse("unreachable")


def _lost(request: HttpRequest) -> HttpResponse:
    """A connection the server ends under it (as a restart or failover does)."""
    copy = connection.copy()
    try:
        copy.ensure_connection()
        pid = copy.connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        with copy.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        copy.close()
    return HttpResponse("unreachable")


def _other_database_error(request: HttpRequest) -> HttpResponse:
    """An OperationalError that is not about the connection: a statement timeout on
    PostgreSQL, a missing table on SQLite."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT * FROM socius_no_such_table")
        else:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
    return HttpResponse("no error")


def _hidden(request: HttpRequest) -> HttpResponse:
    """What an API answer does with a lazy query set: pydantic reads it while validating, and
    a database error there becomes a ValidationError that keeps only the error's text."""

    class Row:
        @property
        def name(self) -> str:
            _refused(request)
            return "never"

    class Out(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(from_attributes=True)
        name: str

    Out.model_validate(Row())
    return HttpResponse("no error")


urlpatterns = [
    path("test/refused/", _refused),
    path("test/lost/", _lost),
    path("test/other/", _other_database_error),
    path("api/test/hidden/", _hidden),
    path("api/test/refused/", _refused),
    path("", include("socius.urls")),
]


@pytest.fixture
def dead_address(tmp_path: Path) -> Iterator[None]:
    """A bound port that does not listen (connections are refused for as long as it is bound)
    and a folder without the database file."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        _dead.update(port=sock.getsockname()[1], folder=tmp_path)
        yield
    _dead.clear()


@pytest.fixture
def site(settings, dead_address, mailbox):
    settings.ROOT_URLCONF = __name__
    settings.UNAVAILABLE_RETRY_AFTER = 17
    settings.ADMINS = ["drift@kommune.example"]
    return Client(raise_request_exception=False)


def _no_queries(execute, sql, params, many, context):
    raise AssertionError(f"a query while the database is away: {sql}")


def _outage_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def test_a_refused_connection_answers_a_danish_503_without_the_database(site, caplog, mailbox):
    # when: nothing else on this request may touch the site's own connection
    with connection.execute_wrapper(_no_queries):
        response = site.get("/test/refused/?side=2")
    # then
    assert response.status_code == 503
    assert response["Retry-After"] == "17"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == "da"
    text = response.content.decode()
    assert '<html lang="da">' in text
    assert "Gå til sidens indhold" in text
    with translation.override("da"):
        assert gettext(HEADING) in text
    assert 'href="/test/refused/?side=2"' in text  # "try again" goes back to the same page
    [record] = _outage_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert record.getMessage().startswith("Service Unavailable: /test/refused/")
    assert "database unavailable: OperationalError" in record.getMessage()
    assert mailbox.messages == []


def test_the_503_page_speaks_english_to_those_who_chose_it(site):
    site.cookies["django_language"] = "en"
    response = site.get("/test/refused/")
    assert response.status_code == 503
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert HEADING in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_the_api_answers_503_in_its_own_error_format(site):
    response = site.get("/api/test/refused/")
    assert response.status_code == 503
    assert response.json() == {"detail": "Service Unavailable"}
    assert response["Retry-After"] == "17"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.postgresql(reason="SQLite has no server that could end a connection")
def test_a_connection_the_server_ends_is_an_outage_too(site, caplog, mailbox):
    response = site.get("/test/lost/")
    assert response.status_code == 503
    [record] = _outage_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.exc_info is None
    assert mailbox.messages == []


def test_another_database_error_stays_a_500_with_its_traceback_and_mail(site, caplog, mailbox):
    response = site.get("/test/other/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Der skete en fejl" in response.content.decode()
    [record] = _outage_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert len(mailbox.messages) == 1


def test_a_hidden_database_error_is_an_outage_only_if_the_database_is_away(site, caplog):
    # given: the error's cause is lost on the way, so the database is asked again; here it
    # answers (the site's own connection works), so this was not an outage
    response = site.get("/api/test/hidden/")
    assert response.status_code == 500
    [record] = _outage_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None


def test_healthz_answers_503_with_one_warning_and_no_mail(site, monkeypatch, caplog, mailbox):
    # given: the site's connection is replaced by one to where no database answers
    monkeypatch.setattr(connection, "cursor", lambda: _unreachable_copy().cursor())
    # when
    response = site.get("/healthz")
    # then
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert response["Retry-After"] == "17"
    [record] = _outage_records(caplog)
    assert record.levelno == logging.WARNING
    assert record.getMessage().startswith("Service Unavailable: /healthz (database unavailable:")
    assert mailbox.messages == []


def _refused_psycopg() -> psycopg.OperationalError:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        try:
            psycopg.connect(host="127.0.0.1", port=sock.getsockname()[1], connect_timeout=5)
        except psycopg.OperationalError as exc:
            return exc
    raise AssertionError("nothing listens there, yet the connection was made")


def _unopenable_sqlite(tmp_path: Path) -> sqlite3.OperationalError:
    try:
        sqlite3.connect(tmp_path / "missing" / "socius.sqlite3")
    except sqlite3.OperationalError as exc:
        return exc
    raise AssertionError("the folder does not exist, yet the file was opened")


@pytest.mark.parametrize(
    ("make", "unavailable"),
    [
        pytest.param(lambda tmp: _refused_psycopg(), True, id="refused"),
        pytest.param(lambda tmp: _unopenable_sqlite(tmp), True, id="sqlite-unopenable"),
        pytest.param(lambda tmp: psycopg.errors.AdminShutdown(), True, id="server-shut-down"),
        pytest.param(lambda tmp: psycopg.errors.CannotConnectNow(), True, id="starting-up"),
        pytest.param(lambda tmp: psycopg.errors.ConnectionFailure(), True, id="connection-failure"),
        pytest.param(lambda tmp: psycopg.errors.QueryCanceled(), False, id="statement-timeout"),
        pytest.param(lambda tmp: psycopg.errors.DeadlockDetected(), False, id="deadlock"),
        pytest.param(lambda tmp: psycopg.errors.UniqueViolation(), False, id="unique"),
        pytest.param(
            lambda tmp: sqlite3.OperationalError("database is locked"), False, id="locked"
        ),
        pytest.param(lambda tmp: RuntimeError("boom"), False, id="not-a-database-error"),
    ],
)
def test_only_a_lost_connection_counts(tmp_path, make, unavailable):
    from django.db.utils import InterfaceError, OperationalError

    error = make(tmp_path)
    assert database_unavailable(error) is unavailable
    # as Django raises it: its own class, with the driver's error as the cause
    for wrapper in (OperationalError, InterfaceError):
        wrapped = wrapper(str(error))
        wrapped.__cause__ = error
        assert database_unavailable(wrapped) is unavailable
