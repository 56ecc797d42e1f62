"""Datasets in search follow the embargo: indexed only while public, and re-indexed when the
embargo ends."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from socius.atlas.datasets import services
from socius.atlas.datasets.search import dataset_document
from socius.atlas.datasets.tests.conftest import make_dataset, publish
from socius.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_a_published_dataset_is_found_and_a_draft_is_not(
    researcher, theme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_dataset(researcher, theme, title="Kladde om ensomhed")
        dataset = make_dataset(researcher, theme, title="Ensomhed blandt ældre")
        publish(researcher, dataset)
    assert dataset_document(draft) is None
    assert SearchDocument.objects.filter(kind="dataset").count() == 1
    doc = dataset_document(dataset)
    assert doc is not None
    assert doc.url == dataset.get_absolute_url()
    assert doc.themes == (theme.slug,)


def test_under_embargo_the_dataset_is_not_indexed_until_the_day(
    researcher, theme, django_capture_on_commit_callbacks
):
    later = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        dataset = make_dataset(researcher, theme, embargo_until=later)
        publish(researcher, dataset)
    assert dataset_document(dataset) is None
    assert not SearchDocument.objects.filter(kind="dataset").exists()
    dataset.embargo_until = timezone.localdate()
    assert dataset_document(dataset) is not None


def test_the_end_of_an_embargo_is_scheduled_with_the_task_queue(
    researcher, theme, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    later = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        dataset = make_dataset(researcher, theme, embargo_until=later)
        publish(researcher, dataset)
    task = DBTaskResult.objects.get(task_path__endswith="dataset_embargo_ended")
    assert task.run_after == services.embargo_end_at(later)
    assert task.args_kwargs["kwargs"] == {"dataset_id": dataset.pk}
