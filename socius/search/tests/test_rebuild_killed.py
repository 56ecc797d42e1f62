"""A task worker killed in the middle of a search rebuild: the old index stays as it was, and
the re-run builds the index once.

PostgreSQL only, and said so by a skip on SQLite: "the middle" is made certain by another
connection holding a lock on a table the rebuild reads after it has started writing the index
(it deletes the prefix words first, then writes the documents kind by kind), and the test
watches the rebuild wait for it (``pg_locks``). SQLite takes its one write lock when
the rebuild's transaction begins, so nothing can hold the rebuild between its first write and
its commit there.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from socius.search.models import SearchDocument
from socius.search.tasks import index_rebuild
from socius.tests_support.servers import database_url_for_test, wait_for
from socius.tests_support.workers import db_worker, worker_env, worker_start

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

START = 60


def _sql(query: str, *params: object) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


def _waiting_on_themes() -> int | None:
    """The server process of a session waiting for the lock on the themes table."""
    rows = _sql("SELECT pid FROM pg_locks WHERE relation = 'core_theme'::regclass AND NOT granted")
    return int(rows[0][0]) if rows else None  # type: ignore[call-overload]


def _index() -> set[tuple[object, ...]]:
    return set(SearchDocument.objects.values_list("id", "kind", "object_pk", "updated_at"))


@pytest.mark.postgresql(reason="the test holds the rebuild with a table lock")
def test_a_rebuild_killed_midway_leaves_the_old_index_and_the_re_run_builds_it_once(
    settings, tmp_path: Path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = worker_env(tmp_path)
    log = tmp_path / "workers.log"
    # given: a complete index, plus a row of an object that is gone
    index_rebuild()
    expected = set(SearchDocument.objects.values_list("kind", "object_pk"))
    assert "theme" in {kind for kind, _pk in expected}  # the reference data's themes
    SearchDocument.objects.create(kind="theme", module="core", object_pk="0", title="Væk", url="/")
    before = _index()
    # and another connection holding the themes table, which the rebuild reads after
    # deleting the prefix words and writing the kinds before "theme"
    holder = psycopg.connect(database_url_for_test())
    try:
        holder.execute("LOCK TABLE core_theme IN ACCESS EXCLUSIVE MODE")
        call_command("search_rebuild", queue=True, stdout=open(tmp_path / "out", "w"))  # noqa: SIM115
        result = DBTaskResult.objects.get(task_path="socius.search.tasks.search_index_rebuild")
        first = worker_start(env, log=log)
        try:
            backend = wait_for(_waiting_on_themes, timeout=START, what="rebuild waits", log=log)
            # the rebuild has written: it holds the index table for writing
            modes = _sql(
                "SELECT mode FROM pg_locks WHERE pid = %s AND granted"
                " AND relation = 'search_searchdocument'::regclass",
                backend,
            )
            assert ("RowExclusiveLock",) in modes
            # when: its worker is killed there
            first.kill()
        finally:
            first.stop()
    finally:
        holder.close()  # the lock goes; the dead worker's session finds its client gone
    wait_for(
        lambda: not _sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", backend),
        timeout=30,
        what="the killed worker's session ends",
    )
    # then: the old index is exactly as it was
    assert _index() == before
    assert DBTaskResult.objects.get(id=result.id).status == "RUNNING"
    # and the next worker rebuilds it once: every object, each in one row
    with db_worker(env, log=log):
        wait_for(
            lambda: DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL",
            timeout=START,
            what="re-run",
            log=log,
        )
    rows = list(SearchDocument.objects.values_list("kind", "object_pk"))
    assert len(rows) == len(set(rows))
    assert set(rows) == expected
    task = DBTaskResult.objects.get(id=result.id)
    assert task.return_value == len(expected)
    assert len(task.worker_ids) == 2
