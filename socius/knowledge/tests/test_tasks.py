"""Wagtail's own background tasks (the django-tasks backport) run on our task set-up: inline
with the ImmediateBackend in tests, and through django_tasks_db's worker in production."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import ReferenceIndex

from socius.knowledge.services import recommendation_draft_create
from socius.knowledge.tests.test_services import PDF

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _recommendation(editor):
    return recommendation_draft_create(
        title="Anbefaling med bilag",
        summary="Kort.",
        body="",
        themes=[],
        created_by=editor,
        evidence=[],
        attachment_pdf=PDF,
    )


def test_wagtails_reference_index_task_runs_inline(editor):
    page = _recommendation(editor)
    assert ReferenceIndex.get_references_to(page.attachment).exists()


def test_wagtails_tasks_run_through_the_database_worker(editor, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = _recommendation(editor)
    queued = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert "wagtail.tasks.update_reference_index_task" in queued
    assert not ReferenceIndex.get_references_to(page.attachment).exists()

    call_command("db_worker", batch=True, verbosity=0)

    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}
    assert ReferenceIndex.get_references_to(page.attachment).exists()
