"""Datasets' part of a person's data export and erasure (see socius/core/personal_data.py).

Export: the datasets the person owns (title, address, status, versions with their
changelogs).

Erasure. A published dataset is a public research output that others may already cite and
build on, under a licence that asks for attribution; deleting it with the owner's account
would break those citations and the publications that use it. So:

- drafts the person never published are deleted with their files;
- a published (or withdrawn) dataset stays, with its versions and files, but without the
  person: the account itself is anonymised by accounts (name emptied), and the dataset then
  names no owner in its page, citations and new datapackage.json files (the platform,
  "Socius", stands as author, after any contributors the owner named). datapackage.json files
  of versions published earlier keep the name they were published with, as a printed
  report would; the person can ask the editors to withdraw the dataset as well.
- the datasets stay owned by the anonymised account, so reviewers can still take them down;
  nobody can publish new versions of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import transaction

from socius.atlas.datasets.audit import AUDIT_OWNER_ANONYMISED
from socius.atlas.datasets.models import Dataset, DatasetFile, DatasetState, VersionState
from socius.core.audit import audit_record
from socius.core.personal_data import personal_data_register

if TYPE_CHECKING:
    from socius.accounts.models import User


def _export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "title": d.title,
            "address": d.get_absolute_url(),
            "status": d.state,
            "contributors": d.contributor_names(),
            "created": d.created_at.isoformat(),
            "versions": [
                {"version": v.number, "status": v.state, "changelog": v.changelog}
                for v in d.versions.all()
            ],
        }
        for d in Dataset.objects.filter(owner=user).prefetch_related("versions")
    ]


def _erase(user: User) -> None:
    drafts = Dataset.objects.filter(owner=user, state=DatasetState.DRAFT)
    draft_versions = _draft_versions(user)
    names = list(
        DatasetFile.objects.filter(version__dataset__in=drafts).values_list("file", flat=True)
    ) + list(DatasetFile.objects.filter(version__in=draft_versions).values_list("file", flat=True))
    draft_versions.delete()
    drafts.delete()
    for dataset in Dataset.objects.filter(owner=user):
        audit_record(actor=None, action=AUDIT_OWNER_ANONYMISED, target=dataset)
    transaction.on_commit(lambda: _files_delete(names))


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _draft_versions(user: User) -> Any:
    from socius.atlas.datasets.models import DatasetVersion

    return DatasetVersion.objects.filter(dataset__owner=user, state=VersionState.DRAFT).exclude(
        dataset__state=DatasetState.DRAFT
    )


personal_data_register("datasets", export=_export, erase=_erase)
