"""``search_rebuild --queue``: the rebuild as a task a worker runs."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from socius.search.models import SearchDocument
from socius.search.tasks import index_rebuild

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_queued_rebuild_is_run_by_a_worker(settings):
    # given: the index as a rebuild in this process leaves it, and a row of a gone object
    index_rebuild()
    expected = sorted(SearchDocument.objects.values_list("kind", "object_pk"))
    SearchDocument.objects.create(kind="theme", module="core", object_pk="0", title="Væk", url="/")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # when
    out = io.StringIO()
    call_command("search_rebuild", queue=True, stdout=out)
    task = DBTaskResult.objects.get()
    assert f"Queued the rebuild as task {task.id}" in out.getvalue()
    assert SearchDocument.objects.filter(object_pk="0").exists()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    # then
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == len(expected)
    assert sorted(SearchDocument.objects.values_list("kind", "object_pk")) == expected
