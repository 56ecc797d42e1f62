"""The one door to datasets and their versions. A dataset that is not public (a draft,
under embargo, withdrawn) looks exactly like a missing one (404) to everybody but its owner
and the reviewers (who see every dataset except other people's drafts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from socius.atlas.datasets.models import Dataset, DatasetVersion, VersionState
from socius.atlas.datasets.selectors import dataset_viewer_is_privileged
from socius.atlas.datasets.workflows import is_owner
from socius.core.access import user_can
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.access import Viewer


def _dataset(slug: str) -> Dataset:
    dataset = Dataset.objects.select_related("theme", "owner").filter(slug=slug).first()
    if dataset is None:
        raise Http404
    return dataset


def dataset_for_viewer(*, user: Viewer, slug: str) -> Dataset:
    """A dataset the person may see: public ones for everybody, others for the privileged."""
    dataset = _dataset(slug)
    if dataset.is_public() or dataset_viewer_is_privileged(user=user, dataset=dataset):
        return dataset
    raise Http404


def dataset_for_owner(*, user: User, slug: str) -> Dataset:
    """A dataset its owner may change (while they hold the publishing capability)."""
    dataset = _dataset(slug)
    if not is_owner(user, dataset):
        raise Http404
    return dataset


def dataset_for_withdrawal(*, user: User, slug: str) -> Dataset:
    """A dataset the person may take down or put back: a reviewer's, or the owner's own."""
    dataset = _dataset(slug)
    if user_can(user, Capability.ATLAS_DATASET_REVIEW) and dataset_viewer_is_privileged(
        user=user, dataset=dataset
    ):
        return dataset
    if is_owner(user, dataset):
        return dataset
    raise Http404


def version_for_owner(*, user: User, slug: str, number: int) -> DatasetVersion:
    """A version of the owner's dataset (drafts included), for checking and publishing."""
    dataset = dataset_for_owner(user=user, slug=slug)
    version = dataset.versions.filter(number=number).first()
    if version is None:
        raise Http404
    version.dataset = dataset
    return version


def version_for_download(*, user: Viewer, slug: str, number: int) -> DatasetVersion:
    """A version whose files the person may download: a published version of a dataset
    they may see; a draft only for the owner."""
    dataset = dataset_for_viewer(user=user, slug=slug)
    version = dataset.versions.filter(number=number).first()
    if version is None:
        raise Http404
    if version.state != VersionState.PUBLISHED and getattr(user, "pk", None) != dataset.owner_id:
        raise Http404
    version.dataset = dataset
    return version
