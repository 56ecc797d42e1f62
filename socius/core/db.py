"""Prepared statements for the few hot statements that run thousands of times a second.

Django sends every statement with its parameters merged in on the client (psycopg's
``ClientCursor``) and turns PostgreSQL's prepared statements off, so that connection poolers
in transaction mode work. PostgreSQL then parses and plans each statement every time. For a
statement such as the signature insert, which runs for every signer in a surge, that planning
costs PostgreSQL more CPU than the insert itself (bench/README.md, "Citizen proposals"):
``prepared_cursor`` sends such a statement with server-side parameters and prepares it on the
connection the first time, so later runs skip parsing and planning.

The statement goes through Django's own cursor wrapper, so query logging, execute wrappers
and the translation of database errors (the outage page) work as for any other statement.
``SOCIUS_DB_PREPARED_STATEMENTS=0`` turns it off (a pooler older than PgBouncer 1.21 in
transaction mode, or one without ``max_prepared_statements``: docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections
from django.db.backends.utils import CursorWrapper

try:
    import psycopg
except ImportError:  # pragma: no cover - SQLite-only installations
    psycopg = None  # type: ignore[assignment]


@contextmanager
def prepared_cursor(using: str = "default") -> Iterator[CursorWrapper]:
    """A cursor whose statements are prepared on PostgreSQL; a plain cursor elsewhere.

    Use it only for constant statements (the text never varies, only the parameters), so the
    number of prepared statements per connection stays small."""
    connection = connections[using]
    if connection.vendor != "postgresql" or psycopg is None or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    raw = connection.connection
    # Django makes its cursor with the connection's cursor factory (and adds its time zone
    # loader and wrappers): here psycopg's server-side binding cursor instead of its client-side
    # one. Django sets the connection's prepare threshold to None (never prepare); within this
    # block it is 0 (prepare at the first run; psycopg keeps the handle per connection and
    # prepares again on a new one). The connection belongs to this thread, so the changes
    # affect nobody else, and both are put back.
    factory, threshold = raw.cursor_factory, raw.prepare_threshold
    raw.cursor_factory, raw.prepare_threshold = psycopg.Cursor, 0
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        raw.cursor_factory, raw.prepare_threshold = factory, threshold
