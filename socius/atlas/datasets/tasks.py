"""Background work of datasets: the search index follows an embargo's end."""

from __future__ import annotations

from django.tasks import task

from socius.core.search_registry import search_index_on_commit

SEARCH_KIND = "dataset"


@task()
def dataset_embargo_ended(dataset_id: int) -> None:
    """Queued for the day an embargo ends (``services._embargo_end_schedule``): index the
    dataset again, which now finds it public. Harmless if the date was changed meanwhile: the
    index asks the dataset's state afresh."""
    search_index_on_commit(kind=SEARCH_KIND, pk=dataset_id)
