"""The answer while the database cannot be reached: 503 with ``Retry-After``, not a 500.

When PostgreSQL restarts, fails over or refuses connections, every request that needs the
database fails. That is an outage, not a bug: visitors get a short page in their language
saying to try again, API clients a JSON 503, load balancers ``Retry-After``; the log gets one
warning line per request instead of a traceback, and the administrators get no error mail
for each of them. Nothing is kept from the failed request, so the process answers normally
again as soon as the database does (Django opens a new connection on the next request).

Only a lost or refused connection counts (``database_unavailable``). Any other database
error (a query that breaks a constraint, a statement timeout, a deadlock, a missing table)
is a bug or an overload to look at, and stays a 500 with its traceback and error mail.

The page is rendered without the request: no context processor (they read the person, the
session and the menus) and no template tag that queries, so it renders with no database.
Django turns an error raised in a middleware (the session read when the person is looked up)
into a response inside that middleware, so no outer middleware could do this; ``handler500``
(``server_error``) sees every case.
"""

from __future__ import annotations

import logging
import sqlite3
import sys

import pydantic_core
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views import defaults

from socius.core.middleware import standalone_page

try:  # the PostgreSQL driver; SQLite-only installations may lack it
    import psycopg
except ImportError:  # pragma: no cover
    psycopg = None  # type: ignore[assignment]

# SQLSTATEs of a server that drops or refuses the connection: class 08 (connection exception),
# a shutdown or crash of the server (57P01, 57P02), one that is starting up or in recovery
# (57P03), and one that has no connection slot left (53300).
_CONNECTION_STATES = frozenset({"57P01", "57P02", "57P03", "53300"})
SQLITE_UNAVAILABLE = "unable to open database file"
# Where server_error leaves the connection failure it answered 503 for, for the log filter.
REQUEST_FAILURE = "_socius_database_failure"


def database_unavailable(exc: BaseException | None) -> bool:
    """True if ``exc``, or an error it was raised from, says the database cannot be reached:
    the driver's own error for a refused, lost or closed connection (which Django re-raises
    as its ``OperationalError`` or ``InterfaceError`` with the original as the cause), or
    SQLite's "unable to open database file". Every other error is False."""
    return _failure_in(exc) is not None


def _failure_in(exc: BaseException | None) -> BaseException | None:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if _connection_failure(exc):
            return exc
        exc = exc.__cause__
    return None


def _connection_failure(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        return str(exc) == SQLITE_UNAVAILABLE
    if psycopg is not None and isinstance(exc, psycopg.OperationalError):
        state = exc.sqlstate
        # No SQLSTATE: libpq's own failure (connection refused, server closed the
        # connection, the connection is closed); the server never answered the statement.
        return state is None or state.startswith("08") or state in _CONNECTION_STATES
    return False


def _hides_database_error(exc: BaseException | None) -> bool:
    """An API answer is validated by pydantic, which reads a lazy query set itself: a database
    error raised there becomes a ``ValidationError`` that keeps only the error's text."""
    if not isinstance(exc, pydantic_core.ValidationError):
        return False
    return any(
        error["type"] == "get_attribute_error"
        and str(error.get("ctx", {}).get("error", "")).startswith(
            ("OperationalError:", "InterfaceError:")
        )
        for error in exc.errors()
    )


def _database_failure_now() -> BaseException | None:
    """Ask the database again: the connection failure it answers with, if any."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001  (only a connection failure is returned)
        return _failure_in(exc)
    return None


def failure_note(request: HttpRequest, exc: BaseException) -> bool:
    """Note on ``request`` the connection failure behind ``exc``, if there is one, so that the
    log filter turns the 503 into one warning line; True if there was. For views that answer
    503 themselves (``/healthz``): load balancers ask every few seconds."""
    failure = _failure_in(exc)
    if failure is not None:
        setattr(request, REQUEST_FAILURE, failure)
    return failure is not None


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the 503 page when the error is a lost database connection, Django's
    500 page otherwise. Called while the error is being handled, so ``sys.exception()`` is
    the error. An error that hides its cause (``_hides_database_error``) counts only if the
    database, asked again, fails to connect too."""
    exc = sys.exception()
    failure = _failure_in(exc)
    if failure is None and _hides_database_error(exc):
        failure = _database_failure_now()
    if failure is None:
        return defaults.server_error(request)
    setattr(request, REQUEST_FAILURE, failure)
    return unavailable_response(request)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with ``Retry-After`` (``UNAVAILABLE_RETRY_AFTER`` seconds), never cached: JSON
    under /api/ (the API's ``{"detail": ...}``) and for /healthz (its own shape), otherwise
    the page ``503.html`` in the person's language."""
    path = request.path_info
    response: HttpResponse
    if path.startswith("/api/"):
        response = JsonResponse({"detail": "Service Unavailable"}, status=503)
    elif path == "/healthz":
        response = JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    else:
        response = standalone_page(
            request, "503.html", {"path": request.get_full_path()}, status=503
        )
    response.headers["Retry-After"] = str(settings.UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableFilter(logging.Filter):
    """On the ``django.request`` logger: a request that ``server_error`` answered 503 because
    the database could not be reached becomes one WARNING line (the path and the driver's
    first line of reason) without the traceback. The administrators' error mails
    (``mail_admins``, level ERROR) then leave it out: during an outage each request would
    otherwise mail them a traceback. Every other record passes unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        failure = getattr(getattr(record, "request", None), REQUEST_FAILURE, None)
        if getattr(record, "status_code", None) != 503 or failure is None:
            return True
        record.args = (record.getMessage(), _reason(failure))
        record.msg = "%s (database unavailable: %s)"
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info, record.exc_text = None, None
        return True


def _reason(failure: BaseException) -> str:
    """The driver's error type and the first line of its message."""
    lines = str(failure).strip().splitlines()
    return f"{type(failure).__name__}: {lines[0] if lines else ''}"
