"""Reads of datasets. Lists run a fixed number of queries whatever the data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from socius.atlas.datasets.models import (
    Dataset,
    DatasetFile,
    DatasetState,
    DatasetVersion,
    VersionState,
)
from socius.core.access import user_can
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.access import Viewer


def _with_counts(qs: QuerySet[Dataset]) -> QuerySet[Dataset]:
    published = Q(versions__state=VersionState.PUBLISHED)
    return qs.select_related("theme").annotate(
        version_count=Count("versions", filter=published, distinct=True),
        latest_version=Max("versions__number", filter=published),
    )


def dataset_list_public(*, theme: Any = None, licence: str = "") -> QuerySet[Dataset]:
    """Public datasets, newest first; ``theme`` a Theme, ``licence`` a ``Licence`` value."""
    qs = Dataset.objects.public()
    if theme is not None:
        qs = qs.filter(theme=theme)
    if licence:
        qs = qs.filter(licence=licence)
    return _with_counts(qs).order_by("-published_at", "-pk")


def dataset_list_for_theme(theme: Any) -> QuerySet[Dataset]:
    """A theme's public datasets, for the theme page."""
    return dataset_list_public(theme=theme)


def dataset_list_for_owner(*, user: User) -> QuerySet[Dataset]:
    """The person's own datasets in every state, the latest changed first."""
    return _with_counts(Dataset.objects.filter(owner=user)).order_by("-updated_at", "-pk")


def dataset_list_not_public(*, user: User) -> QuerySet[Dataset]:
    """For reviewers: published datasets under embargo, and withdrawn ones (never drafts,
    which are their owners' work in progress). Empty for everybody else."""
    if not user_can(user, Capability.ATLAS_DATASET_REVIEW):
        return Dataset.objects.none()
    public = Dataset.objects.public().values("pk")
    qs = Dataset.objects.exclude(state=DatasetState.DRAFT).exclude(pk__in=public)
    return _with_counts(qs.select_related("owner")).order_by("-updated_at", "-pk")


def dataset_versions(dataset: Dataset, *, drafts: bool) -> list[DatasetVersion]:
    """The dataset's versions, newest first, each with its files (two queries)."""
    qs = dataset.versions.all()
    if not drafts:
        qs = qs.filter(state=VersionState.PUBLISHED)
    return list(
        qs.prefetch_related(Prefetch("files", queryset=DatasetFile.objects.order_by("position")))
    )


def version_latest_published(dataset: Dataset) -> DatasetVersion | None:
    return dataset.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()


def dataset_publications(dataset: Dataset) -> list[Any]:
    """The live, public knowledge hub publications the researcher linked to the dataset."""
    from socius.knowledge.selectors import published_publications

    return list(published_publications().filter(datasets=dataset))


def publication_choices() -> QuerySet[Any]:
    """Publications a researcher can link a dataset to: the hub's live, public ones."""
    from socius.knowledge.selectors import published_publications

    return published_publications()


def dataset_viewer_is_privileged(*, user: Viewer, dataset: Dataset) -> bool:
    """Whether ``user`` sees the dataset whatever its state: its owner, or a reviewer (who
    sees every dataset but the drafts of others)."""
    if getattr(user, "pk", None) is not None and user.pk == dataset.owner_id:
        return True
    return dataset.state != DatasetState.DRAFT and user_can(user, Capability.ATLAS_DATASET_REVIEW)
