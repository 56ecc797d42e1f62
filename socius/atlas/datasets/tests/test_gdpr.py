"""A researcher's data export and account deletion: drafts go, published datasets stay under
the platform's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from socius.accounts.services import account_delete, account_export
from socius.atlas.datasets import services
from socius.atlas.datasets.models import Dataset, DatasetVersion
from socius.atlas.datasets.package import author_names, citation_bibtex
from socius.atlas.datasets.tests.conftest import GOOD_CSV, csv_upload, make_dataset

pytestmark = pytest.mark.django_db


def test_the_export_lists_the_persons_datasets(researcher, published):
    data = account_export(actor=researcher)["datasets"]
    assert data[0]["title"] == published.title
    assert data[0]["versions"][0]["changelog"] == "Første version."


def test_deleting_the_account_deletes_drafts_and_keeps_published_datasets_without_the_name(
    researcher, theme, published, django_capture_on_commit_callbacks
):
    draft = make_dataset(researcher, theme, title="Kladde")
    version = services.version_upload(
        actor=researcher, dataset=draft, changelog="x", uploads=[csv_upload(GOOD_CSV)]
    )
    draft_file = Path(version.files.get().file.path)
    services.version_upload(
        actor=researcher, dataset=published, changelog="y", uploads=[csv_upload(GOOD_CSV)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(actor=researcher)
    assert not Dataset.objects.filter(pk=draft.pk).exists()
    assert not draft_file.exists()
    assert list(
        DatasetVersion.objects.filter(dataset=published).values_list("state", flat=True)
    ) == ["published"]
    published.refresh_from_db()
    assert published.state == "published"
    assert author_names(published) == ["Jens Hansen"]
    assert "Karen Forsker" not in citation_bibtex(published, None)
