"""A faster reset between transactional tests on PostgreSQL (test support only).

A transactional test (``django_db(transaction=True, serialized_rollback=True)``: the browser
journeys, the crawl, the concurrency and fault tests) ends with Django's ``flush`` and the next
one starts by loading the reference data that migrations wrote (municipalities, themes,
content types, permissions, Wagtail's root page and workflows). On PostgreSQL Django does this
with one ``TRUNCATE`` of every table, which makes new files for each of about 400 tables and
their indexes (1.1 s on the reference machine), and by deserializing the reference data from
JSON and saving it object by object through the ORM (0.8 s for 1,214 objects): about 2 s of
every transactional test, some 120 of them per run.

Here, on PostgreSQL only:

- ``flush`` deletes the rows (``DELETE FROM`` each table in one transaction, the foreign keys
  checked at its end, as Django creates them ``DEFERRABLE INITIALLY DEFERRED``). Tables
  that hold a few rows are emptied in milliseconds. Row triggers fire as they would for any
  delete (the search vectors follow their documents); the audit log's trigger refuses only
  updates. With ``reset_sequences`` or ``allow_cascade`` (no test of ours asks for either)
  Django's ``TRUNCATE`` runs as before.
- The reference data is kept as it was right after migrating, as each table's ``COPY ... TO``
  text (``reference_rows``), and put back with ``COPY ... FROM`` in one transaction (after
  deleting what those tables hold, as the first such test finds them full): the same
  rows, column for column, without the ORM or its signals (Django's loader sends signals with
  ``raw=True``, which our handlers ignore).

Both cover the tables ``flush`` empties (``django_table_names``), so what a test finds at its
start is what Django's own reset gives. ``test_reset.py`` checks that a transactional test
starts with the reference data and nothing else, after one that changed both."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.backends.postgresql.creation import DatabaseCreation
from django.db.backends.postgresql.operations import DatabaseOperations


@dataclass(frozen=True)
class ReferenceRows:
    """The rows of every table ``flush`` empties, as PostgreSQL's COPY text, tables without
    rows left out. Stored where Django keeps the serialized data
    (``connection._test_serialized_contents``), so that the transactional test case hands it
    to ``deserialize_db_from_string``."""

    tables: tuple[tuple[str, bytes], ...]


def reference_rows(connection: Any) -> ReferenceRows:
    """The reference data of the test database behind ``connection`` (PostgreSQL)."""
    quote = connection.ops.quote_name
    names = connection.introspection.django_table_names(only_existing=True, include_views=False)
    tables = []
    with connection.cursor() as cursor:
        for table in sorted(names):
            with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                data = b"".join(bytes(block) for block in copy)
            if data:
                tables.append((table, data))
    return ReferenceRows(tuple(tables))


_deserialize = DatabaseCreation.deserialize_db_from_string
_sql_flush = DatabaseOperations.sql_flush


def _restore(self: DatabaseCreation, data: Any) -> None:
    if not isinstance(data, ReferenceRows):
        _deserialize(self, data)
        return
    connection = self.connection
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # The first transactional test of a worker finds the rows still there (nothing has
        # flushed them yet); Django's loader saves over them, this puts them back.
        statements = [f"DELETE FROM {quote(table)};" for table, _rows in data.tables]  # noqa: S608
        cursor.execute(" ".join(statements))
        for table, rows in data.tables:
            with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                copy.write(rows)


def _delete_flush(
    self: DatabaseOperations,
    style: Any,
    tables: list[str],
    *,
    reset_sequences: bool = False,
    allow_cascade: bool = False,
) -> list[str]:
    if reset_sequences or allow_cascade or not tables:
        return list(
            _sql_flush(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        )
    # One statement text without parameters: psycopg sends it as one simple query.
    # Table names from Django's introspection, quoted: no input reaches this text.
    deletes = " ".join(f"DELETE FROM {self.quote_name(table)};" for table in tables)  # noqa: S608
    return [f"SET CONSTRAINTS ALL DEFERRED; {deletes}"]


def install() -> None:
    """Use the faster reset for the rest of this test process."""
    DatabaseCreation.deserialize_db_from_string = _restore  # type: ignore[method-assign,assignment]
    DatabaseOperations.sql_flush = _delete_flush  # type: ignore[method-assign,assignment]
