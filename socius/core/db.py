"""Prepared statements for the few hot statements that run thousands of times a second.

Django sends every statement with its parameters merged in on the client (psycopg's
``ClientCursor``) and turns PostgreSQL's prepared statements off, so that connection poolers
in transaction mode work. PostgreSQL then parses and plans each statement every time. For a
statement such as the signature insert, which runs for every signer in a surge, that planning
costs PostgreSQL more CPU than the insert itself (bench/README.md, "Citizen proposals"):
``prepared_cursor`` sends such a statement with server-side parameters and prepares it on the
connection the first time, so later runs skip parsing and planning.

Database errors are translated as Django translates them (``wrap_database_errors``: the outage
page, ``errors_occurred``), and a statement inside a broken ``atomic`` block is refused as
Django refuses it. While Django would log or wrap the statement (``DEBUG``, a test capturing
queries, ``connection.execute_wrapper``), it goes through Django's own cursor wrapper, so
query logging and execute wrappers see it as any other statement. Otherwise each connection
keeps one such cursor and uses it again: making Django's cursor and its wrapper for every
statement costs about as much Python as sending it.
``SOCIUS_DB_PREPARED_STATEMENTS=0`` turns it off (a pooler older than PgBouncer 1.21 in
transaction mode, or one without ``max_prepared_statements``: docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections

try:
    import psycopg
except ImportError:  # pragma: no cover - SQLite-only installations
    psycopg = None  # type: ignore[assignment]

# The attribute of Django's connection wrapper that keeps (psycopg connection, its cursor).
# Django's wrapper belongs to one thread (validate_thread_sharing), so the cursor does too.
_HELD = "_socius_prepared_cursor"


@contextmanager
def prepared_cursor(using: str = "default") -> Iterator[Any]:
    """A cursor whose statements are prepared on PostgreSQL; a plain cursor elsewhere.

    Use it only for constant statements (the text never varies, only the parameters), so the
    number of prepared statements per connection stays small; and only for ``execute`` and
    ``fetch*`` within the block (the cursor may be used again by the next block)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or psycopg is None or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if connection.queries_logged or connection.execute_wrappers:
        # Django's cursor wrapper (logging, wrappers), made with the connection's cursor
        # factory: here psycopg's server-side binding cursor instead of its client-side one.
        with _server_binding(raw), _preparing(raw), connection.cursor() as cursor:
            yield cursor
        return
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    held = getattr(connection, _HELD, None)
    if held is None or held[0] is not raw or held[1].closed:
        # Made as Django makes its cursors (its time zone loader included), with psycopg's
        # server-side binding class; a new connection (CONN_MAX_AGE, an outage) gets a new one.
        with _server_binding(raw), connection.wrap_database_errors:
            held = (raw, connection.create_cursor())
        setattr(connection, _HELD, held)
    with _preparing(raw), connection.wrap_database_errors:
        yield held[1]


@contextmanager
def _server_binding(raw: Any) -> Iterator[None]:
    """Cursors made inside the block bind parameters on the server (psycopg's ``Cursor``)."""
    factory = raw.cursor_factory
    raw.cursor_factory = psycopg.Cursor
    try:
        yield
    finally:
        raw.cursor_factory = factory


@contextmanager
def _preparing(raw: Any) -> Iterator[None]:
    """Statements run inside the block are prepared at their first run.

    Django sets the connection's prepare threshold to None (never prepare); within the block it
    is 0 (psycopg keeps the handle per connection and prepares again on a new one). The
    connection belongs to this thread, so the change affects nobody else, and it is put back."""
    threshold = raw.prepare_threshold
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = threshold
