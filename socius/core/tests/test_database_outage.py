"""The database refuses connections for 10 s: the site answers 503 and recovers by itself.

The production web server runs the platform with production settings and its default connection settings
(persistent connections, ``SOCIUS_DB_CONN_MAX_AGE``) against the test's PostgreSQL through a
TCP proxy on loopback (socius/tests_support/tcp_proxy.py). Taking the proxy down cuts the
worker's open connection and refuses new ones, as a database restart or a network fault does.
PostgreSQL only: it is the database with a server that can go away (SQLite's counterpart, a
file that cannot be opened, is in test_unavailable.py).
"""

from __future__ import annotations

import secrets
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from django.db import connection
from django.test import Client

from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.tests_support.servers import (
    HOST,
    Server,
    database_url_for_test,
    production_env,
    web_server,
)
from socius.tests_support.tcp_proxy import TcpProxy

pytestmark = [
    pytest.mark.postgresql(reason="SQLite has no server that can refuse connections"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OUTAGE_SECONDS = 10
RETRY_AFTER = "7"
ANONYMOUS_PAGE = "/temaer/"  # reads the themes; not visited before the outage, so not cached
MEMBER_PAGE = "/mit/notifikationer/"  # login required: the session is read in middleware
API = "/api/municipalities"


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    database = connection.settings_dict
    with TcpProxy((database["HOST"] or HOST, int(database["PORT"]))) as running:
        yield running


@pytest.fixture
def server(settings, proxy, tmp_path) -> Iterator[Server]:
    # The session the test makes must be readable by the server: the same secret key.
    settings.SECRET_KEY = secrets.token_urlsafe(64)
    env = production_env(
        database_url=database_url_for_test(host=HOST, port=proxy.port),
        media_root=tmp_path / "media",
        extra={
            "SOCIUS_SECRET_KEY": settings.SECRET_KEY,
            "SOCIUS_UNAVAILABLE_RETRY_AFTER": RETRY_AFTER,
            # Error mails go to the console mailer, so into the log, where the test sees them.
            "SOCIUS_ADMINS": "drift@kommune.example",
        },
    )
    env.pop("SOCIUS_DB_CONN_MAX_AGE", None)  # the default: persistent connections
    with web_server(env, log=tmp_path / "server.log") as running:
        yield running


def _session_cookie() -> str:
    """A logged-in citizen's session. The cookie is Secure-only, which a client does not send
    over plain HTTP, so the test sends it itself."""
    client = Client()
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    return f"sessionid={client.cookies['sessionid'].value}"


def _get(server: Server, path: str, cookie: str = "") -> httpx.Response:
    with server.client() as http:
        return http.get(path, headers={"Cookie": cookie} if cookie else {})


def _all_unavailable(server: Server, member: str) -> None:
    for path, cookie in [
        (ANONYMOUS_PAGE, ""),
        (MEMBER_PAGE, member),
        (API, ""),
        ("/healthz", ""),
    ]:
        response = _get(server, path, cookie)
        assert (path, response.status_code) == (path, 503)
        assert response.headers["Retry-After"] == RETRY_AFTER
        assert "no-store" in response.headers["Cache-Control"]


def test_the_site_answers_503_while_the_database_refuses_and_recovers_by_itself(server, proxy):
    # given: the worker holds a persistent connection through the proxy
    member = _session_cookie()
    assert _get(server, MEMBER_PAGE, member).status_code == 200
    assert _get(server, API).status_code == 200
    assert proxy.connections == 1
    workers = server.worker_pids()

    # when: the database goes away for 10 s
    proxy.down()
    gone = time.monotonic()
    with pytest.raises(ConnectionRefusedError), socket.create_connection((HOST, proxy.port)):
        pass

    # then: the first requests meet the cut connection, the later ones a refused one
    page = _get(server, ANONYMOUS_PAGE)
    assert page.status_code == 503
    assert '<html lang="da">' in page.text
    assert "Gå til sidens indhold" in page.text
    personal = _get(server, MEMBER_PAGE, member)
    assert personal.status_code == 503
    assert '<html lang="da">' in personal.text
    english = _get(server, ANONYMOUS_PAGE, "django_language=en")
    assert english.status_code == 503
    assert '<html lang="en">' in english.text
    assert "The site is not available" in english.text
    api = _get(server, API)
    assert api.json() == {"detail": "Service Unavailable"}
    health = _get(server, "/healthz")
    assert health.json() == {"status": "error", "database": "unavailable"}
    while time.monotonic() - gone < OUTAGE_SECONDS:  # and so for the whole outage
        _all_unavailable(server, member)
        time.sleep(0.5)

    # when: the database is back
    proxy.up()

    # then: the same processes answer at once, without a restart
    page = _get(server, ANONYMOUS_PAGE)
    assert page.status_code == 200
    assert "Hjemløshed" in page.text
    personal = _get(server, MEMBER_PAGE, member)
    assert personal.status_code == 200  # still logged in, not sent to the login page
    assert len(_get(server, API).json()) == 98
    assert _get(server, "/healthz").json() == {"status": "ok", "database": "ok"}
    assert server.process.poll() is None
    assert server.worker_pids() == workers
    log = server.log_text()
    assert "Traceback" not in log
    assert "Subject:" not in log  # no error mail to the administrators
    assert "Service Unavailable: /mit/notifikationer/ (database unavailable:" in log
