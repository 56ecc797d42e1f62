"""Datasets in search: only public ones (published, not withdrawn, out of embargo).

Search has no "visible from" date, so a dataset under embargo is left out of the index and
indexed again when the embargo ends: ``tasks.dataset_embargo_ended`` is queued for that
moment when the dataset is published or its date changes, and every rebuild of the index
(after each deploy) asks again as well.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.atlas.datasets.licences import Licence
from socius.atlas.datasets.models import Dataset
from socius.atlas.datasets.tasks import SEARCH_KIND
from socius.core.search_registry import Document, search_register


def dataset_document(dataset: Dataset) -> Document | None:
    """The dataset as its public page shows it; None while it is not public."""
    if not dataset.is_public():
        return None
    body = "\n".join(
        p
        for p in (
            dataset.description,
            dataset.provenance,
            "\n".join(dataset.contributor_names()),
            str(Licence(dataset.licence).label),
            dataset.doi,
        )
        if p
    )
    published = dataset.published_at
    if dataset.embargo_until is not None:
        embargo_end = datetime.datetime.combine(
            dataset.embargo_until, datetime.time(), tzinfo=timezone.get_current_timezone()
        )
        published = max(published, embargo_end) if published else embargo_end
    return Document(
        title=dataset.title,
        body=body,
        url=dataset.get_absolute_url(),
        kind=SEARCH_KIND,
        module="datasets",
        themes=(dataset.theme.slug,),
        published=published,
    )


def dataset_queryset() -> QuerySet[Dataset]:
    return Dataset.objects.select_related("theme")


search_register(
    kind=SEARCH_KIND,
    module="datasets",
    model=Dataset,
    label=_("Dataset"),
    document=dataset_document,
    queryset=dataset_queryset,
)
