"""Prepared statements for hot statements (socius/core/db.py) on a real PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.db.utils import ProgrammingError
from django.test.utils import CaptureQueriesContext

from socius.core.db import prepared_cursor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql(reason="SQLite has no prepared statements to keep"),
]

STATEMENT = "SELECT %s::int + 1"


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_prepared_once_and_the_cursor_kept() -> None:
    cursors = []
    for value in (1, 2, 3):
        with prepared_cursor() as cursor:
            cursor.execute(STATEMENT, [value])
            assert cursor.fetchone() == (value + 1,)
            cursors.append(cursor)
    assert cursors[0] is cursors[1] is cursors[2]
    assert [s for s in _prepared() if "::int + 1" in s] == ["SELECT $1::int + 1"]
    assert connection.connection.prepare_threshold is None  # Django's setting, put back


def test_database_errors_are_djangos() -> None:
    with pytest.raises(ProgrammingError), prepared_cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here WHERE id = %s", [1])
    assert connection.errors_occurred


def test_logged_when_django_logs_queries() -> None:
    with CaptureQueriesContext(connection) as queries, prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [41])
        assert cursor.fetchone() == (42,)
    [logged] = queries.captured_queries
    assert "SELECT %s::int + 1" in logged["sql"]


def test_execute_wrappers_see_it() -> None:
    seen = []

    def wrapper(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper), prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [1])
    assert seen == [STATEMENT]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_connection_gets_a_new_cursor() -> None:
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [1])
        first = cursor
    connection.connection.close()  # the server ended it (a restart), Django does not know
    with pytest.raises(DatabaseError), prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [1])
    connection.close()  # as Django does at the end of the request after an error
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [2])
        assert cursor.fetchone() == (3,)
        assert cursor is not first
