"""A web process killed in the middle of saving a grant application: all of it or nothing.

The applicant's form goes to the production web server (production settings) against the test's PostgreSQL.
The save (``services.application_create``) first inserts the application, budget lines and
answers included, then appends its audit entry. The test holds a lock on the audit table from
a connection of its own, so the save stops right there, after its first write; once
PostgreSQL shows the server's backend waiting for that lock, with the application row already
written, the test kills the web worker (SIGKILL: no clean-up runs) and releases the lock.
No sleeps: each step waits for what it can see. PostgreSQL only: SQLite cannot show another
process waiting for a lock.
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

from socius.core.models import AuditEntry
from socius.grants.audit import AUDIT_APPLICATION_CREATED
from socius.grants.models import Application
from socius.grants.tests.test_views import _form
from socius.tests_support.servers import (
    Server,
    database_url_for_test,
    production_env,
    wait_for,
    web_server,
)

pytestmark = [
    pytest.mark.postgresql(reason="it shows which lock another process waits for"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Lektiecafé i Gellerup"
BUDGET = [
    {"activity": "Frugt og saft", "amount": "2500.00"},
    {"activity": "Materialer", "amount": "10000.00"},
]
WAIT = 15  # seconds, at most, for anything the test waits to see


@pytest.fixture
def media(tmp_path: Path) -> Path:
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


@pytest.fixture
def server(settings, media: Path, tmp_path: Path) -> Iterator[Server]:
    # The session the test makes must be readable by the server: the same secret key.
    settings.SECRET_KEY = secrets.token_urlsafe(64)
    env = production_env(
        database_url=database_url_for_test(),
        media_root=media,
        extra={"SOCIUS_SECRET_KEY": settings.SECRET_KEY},
    )
    with web_server(env, log=tmp_path / "server.log") as running:
        yield running


def _application_request(association: object, user: object) -> tuple[dict[str, Any], str]:
    """The form an applicant sends, and the cookies to send with it: the session and the
    CSRF cookie are Secure-only, which a client does not send over plain HTTP, so the test
    sends them itself."""
    csrf = get_random_string(32)
    client = Client()
    client.force_login(user)
    form = {
        "csrfmiddlewaretoken": csrf,
        **_form(association, title=TITLE, **{"budget-TOTAL_FORMS": "2"}),
    }
    return form, f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"


def _post(server: Server, slug: str, request: tuple[dict[str, Any], str]) -> httpx.Response:
    form, cookies = request
    with server.client() as http:
        return http.post(f"/tilskud/{slug}/ansoeg/", data=form, headers={"Cookie": cookies})


@contextmanager
def _audit_table_locked() -> Iterator[psycopg.Connection[Any]]:
    """A connection of the test's own that locks the audit table: reads go on, writes wait
    until it rolls back. Rolled back on the way out whatever happened, or the server's save
    and the emptying of the test database would wait for it for ever."""
    with psycopg.connect(database_url_for_test(), autocommit=False) as holder:
        holder.execute("LOCK TABLE core_auditentry IN EXCLUSIVE MODE")
        try:
            yield holder
        finally:
            holder.rollback()


def _waiting_for_audit_table(holder: int) -> int | None:
    """The backend, not the lock holder's, that waits to write to the audit table, if any."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE NOT granted"
            " AND relation = 'core_auditentry'::regclass AND pid <> %s",
            [holder],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _application_written(backend: int) -> bool:
    """The save's first write is done: the backend holds the write lock on the application
    table in its open transaction (or, if that write was committed on its own, the row is
    there for everyone to see)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE pid = %s AND granted AND mode = 'RowExclusiveLock'"
            " AND relation = 'grants_application'::regclass",
            [backend],
        )
        return cursor.fetchone() is not None or Application.objects.exists()


def _backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


def test_a_worker_killed_in_the_middle_of_the_save_leaves_nothing(
    server, open_round, association, citizen, media
):
    request = _application_request(association, citizen)
    answered: list[object] = []
    post = threading.Thread(
        target=lambda: answered.append(_outcome(server, open_round.slug, request))
    )
    with _audit_table_locked() as lock:
        # given: the save has written the application and waits to write its audit entry
        post.start()
        holder = lock.info.backend_pid
        backend = wait_for(
            lambda: _waiting_for_audit_table(holder),
            timeout=WAIT,
            what="the save to wait for the lock",
        )
        assert _application_written(backend)
        [worker] = server.worker_pids()

        # when: the worker dies there (no clean-up of its own runs), then the lock is released
        os.kill(worker, signal.SIGKILL)
        post.join(WAIT)
    wait_for(
        lambda: not _backend_alive(backend),
        timeout=WAIT,
        what="PostgreSQL to end the dead worker's session",
    )

    # then: the applicant got no answer, and nothing of the application is left
    assert isinstance(answered[0], httpx.RemoteProtocolError)
    assert not Application.objects.exists()
    assert not AuditEntry.objects.filter(action=AUDIT_APPLICATION_CREATED).exists()
    assert list(media.rglob("*")) == []
    # and the server has put a new worker in its place
    wait_for(lambda: server.worker_pids() not in ([], [worker]), timeout=WAIT, what="a new worker")
    with server.client() as http:
        assert (
            wait_for(
                lambda: _answers(http, "/healthz"), timeout=WAIT, what="the new worker to answer"
            )
            == 200
        )


def _answers(http: httpx.Client, path: str) -> int | None:
    try:
        return http.get(path).status_code
    except httpx.TransportError:  # the new worker is still starting
        return None


def test_the_same_save_without_a_kill_is_saved_whole(
    server, open_round, association, citizen, media
):
    response = _post(server, open_round.slug, _application_request(association, citizen))
    app = Application.objects.get()
    assert response.status_code == 302
    assert response.headers["Location"] == app.get_absolute_url()
    assert (app.title, app.budget_items) == (TITLE, BUDGET)
    assert AuditEntry.objects.filter(
        action=AUDIT_APPLICATION_CREATED, target_id=str(app.pk)
    ).exists()
    assert list(media.rglob("*")) == []


def _outcome(server: Server, slug: str, request: tuple[dict[str, Any], str]) -> object:
    try:
        return _post(server, slug, request)
    except httpx.HTTPError as exc:
        return exc
