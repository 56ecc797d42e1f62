"""Databases beside a test's own, for backup and restore tests: a new empty database (a
PostgreSQL database on the test server, or an SQLite file), Django's connection pointed at one
for a while, ``manage.py`` run in a process of its own against one, and every table's row
count read plainly from the catalogue (not through the code under test)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from socius.tests_support.servers import ROOT, database_url_for_test


def database_url(name: str) -> str:
    """The ``DATABASE_URL`` of database ``name`` (an SQLite file's path) on the test's server."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return database_url_for_test().rsplit("/", 1)[0] + "/" + name


@contextmanager
def empty_database(folder: Path, label: str = "restore") -> Iterator[str]:
    """A new, empty database for the block, dropped afterwards; yields its name (SQLite: the
    path of a file in ``folder`` that does not exist yet). Needs autocommit: not in ``db``."""
    if connection.vendor == "sqlite":
        yield str(folder / f"{label}.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_{label}"
    quoted = connection.ops.quote_name(name)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {quoted} TEMPLATE template0")
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


@contextmanager
def connected_to(name: str) -> Iterator[None]:
    """Django's default connection on database ``name`` for the block, then back on the
    test's own. Outside any transaction: the connection is closed at both ends."""
    settings_dict = connection.settings_dict
    own = settings_dict["NAME"]
    connection.close()
    settings_dict["NAME"] = name
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = own


def manage(
    *args: str, database_url: str, media_root: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``manage.py *args`` in a new process, as an operator runs it, against the given
    database and media folder."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "socius.settings",
        "SOCIUS_DEBUG": "1",
        "DATABASE_URL": database_url,
        "SOCIUS_MEDIA_ROOT": str(media_root),
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.run(  # noqa: S603  (our interpreter, our manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def row_counts() -> dict[str, int]:
    """Every table's row count on the current connection, by Django's introspection."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts
