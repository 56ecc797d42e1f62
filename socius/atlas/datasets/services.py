"""Every write to datasets: each a function in one transaction that checks the actor and writes
the audit entry.

An upload is checked whole before anything is written (``upload.py``: size, zip safety,
content, schema validation, small cells, personal data). Then the version, its files and the
audit entry are stored in one transaction; a failure, a full disk or a failed commit removes
the files already written, so nothing of an import is ever half there.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.atlas.datasets import audit, upload
from socius.atlas.datasets.models import (
    Dataset,
    DatasetFile,
    DatasetState,
    DatasetVersion,
    VersionState,
)
from socius.atlas.datasets.package import package_descriptor
from socius.atlas.datasets.workflows import DATASET_WORKFLOW, is_owner
from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.core.storage import files_removed_on_error, media_full_refused
from socius.core.text import danish_slugify

if TYPE_CHECKING:
    from socius.accounts.models import User

_FILE = "a dataset file (CSV)"
RESERVED_SLUGS = frozenset({"ny", "mine"})
EDITABLE = (
    "title",
    "description",
    "theme",
    "licence",
    "contributors",
    "provenance",
    "doi",
    "embargo_until",
)


def _owner_required(actor: User, dataset: Dataset) -> None:
    if not is_owner(actor, dataset):
        raise PermissionDenied


def _unique_slug(title: str) -> str:
    base = danish_slugify(title)[:100] or "datasaet"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Dataset.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def dataset_create(
    *, actor: User, sources: Any = (), publications: Any = (), **fields: Any
) -> Dataset:
    """A new draft dataset owned by ``actor``; its data comes with the first version."""
    require(actor, Capability.ATLAS_DATASET_PUBLISH)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    dataset = Dataset(owner=actor, slug=_unique_slug(fields.get("title", "")), **fields)
    dataset.full_clean()
    dataset.save()
    dataset.sources.set(sources)
    dataset.publications.set(publications)
    audit_record(actor=actor, action=audit.AUDIT_DATASET_CREATED, target=dataset)
    return dataset


@transaction.atomic
def dataset_update(
    *, actor: User, dataset: Dataset, sources: Any = None, publications: Any = None, **fields: Any
) -> Dataset:
    """Change the dataset's details (not its files: those come as a new version)."""
    _owner_required(actor, dataset)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(dataset, name) != value]
    for name in changed:
        setattr(dataset, name, fields[name])
    dataset.full_clean()
    dataset.save(update_fields=[*changed, "updated_at"])
    if sources is not None:
        dataset.sources.set(sources)
    if publications is not None:
        dataset.publications.set(publications)
    audit_record(
        actor=actor, action=audit.AUDIT_DATASET_UPDATED, target=dataset, data={"fields": changed}
    )
    if "embargo_until" in changed:
        _embargo_end_schedule(dataset)
    return dataset


def version_upload(
    *, actor: User, dataset: Dataset, changelog: str, uploads: list[Any]
) -> DatasetVersion:
    """Check an upload whole, then store it as the dataset's draft version (replacing an
    earlier draft). Raises ``ValidationError`` listing every problem; nothing is stored then."""
    _owner_required(actor, dataset)
    if dataset.state == DatasetState.WITHDRAWN:
        raise ValidationError(_("A withdrawn dataset cannot get new versions."))
    if not changelog.strip():
        raise ValidationError(_("Say what is new in this version."))
    with tempfile.TemporaryDirectory(prefix="socius-dataset-") as folder:
        files = upload.uploads_unpack(uploads, Path(folder))
        upload.files_check(files)
        with (
            media_full_refused(_FILE),
            files_removed_on_error() as written,
            transaction.atomic(),
        ):
            return _version_store(
                actor=actor, dataset=dataset, changelog=changelog, files=files, written=written
            )


def _version_store(
    *,
    actor: User,
    dataset: Dataset,
    changelog: str,
    files: list[upload.CheckedFile],
    written: list[Path],
) -> DatasetVersion:
    # Lock the dataset so two uploads at once get different numbers.
    Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
    for draft in dataset.versions.filter(state=VersionState.DRAFT):
        _version_delete(draft)
    last = dataset.versions.aggregate(n=Max("number"))["n"] or 0
    version = DatasetVersion.objects.create(
        dataset=dataset, number=last + 1, changelog=changelog.strip()
    )
    for position, checked in enumerate(files):
        row = DatasetFile(
            version=version,
            name=checked.name,
            filename=checked.filename,
            size=checked.size,
            sha256=checked.sha256,
            delimiter=checked.delimiter,
            encoding=checked.encoding,
            schema=checked.schema,
            rows=checked.rows,
            preview=checked.preview,
            position=position,
        )
        with checked.path.open("rb") as handle:
            row.file.save(checked.filename, File(handle), save=False)
        written.append(Path(default_storage.path(str(row.file.name))))
        row.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_VERSION_UPLOADED,
        target=version,
        data={"dataset": str(dataset.public_id), "version": version.number, "files": len(files)},
    )
    return version


def _version_delete(version: DatasetVersion) -> None:
    """Delete a draft version; its files go once the transaction commits."""
    names = [str(f.file.name) for f in version.files.all()]
    version.delete()
    transaction.on_commit(lambda: _files_delete(names))


def _files_delete(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _stored(file: DatasetFile, schema: dict[str, Any]) -> upload.CheckedFile:
    return upload.CheckedFile(
        name=file.name,
        filename=file.filename,
        path=Path(default_storage.path(str(file.file.name))),
        size=file.size,
        sha256=file.sha256,
        delimiter=file.delimiter,
        encoding=file.encoding,
        schema=schema,
    )


@transaction.atomic
def version_schema_save(
    *, actor: User, version: DatasetVersion, schemas: dict[int, dict[str, Any]]
) -> DatasetVersion:
    """Save the researcher's corrections to a draft's Table Schemas (``{file id: schema}``)
    once the files pass validation and the scans with them; otherwise nothing changes."""
    _owner_required(actor, version.dataset)
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("A published version cannot be changed."))
    files = list(version.files.all())
    checked = [_stored(f, schemas.get(f.pk, f.schema)) for f in files]
    upload.files_check(checked)
    for row, result in zip(files, checked, strict=True):
        row.schema, row.rows, row.preview = result.schema, result.rows, result.preview
        row.save(update_fields=["schema", "rows", "preview"])
    version.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_VERSION_SCHEMA_SAVED,
        target=version,
        data={"version": version.number},
    )
    return version


@transaction.atomic
def version_publish(*, actor: User, version: DatasetVersion) -> DatasetVersion:
    """Publish a draft version (checked once more); from now on it never changes. The first
    published version publishes the dataset too (public from its embargo date)."""
    dataset = version.dataset
    _owner_required(actor, dataset)
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("This version is already published."))
    if dataset.state == DatasetState.WITHDRAWN:
        raise ValidationError(_("A withdrawn dataset cannot get new versions."))
    files = list(version.files.all())
    if not files:
        raise ValidationError(_("The version has no files."))
    if dataset.state == DatasetState.DRAFT:
        DATASET_WORKFLOW.check(actor=actor, obj=dataset, name="publish")
    upload.files_check([_stored(f, f.schema) for f in files])
    now = timezone.now()
    version.state = VersionState.PUBLISHED
    version.published_at = now
    version.descriptor = package_descriptor(version, files, list(dataset.sources.all()))
    version.save(update_fields=["state", "published_at", "descriptor", "updated_at"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_VERSION_PUBLISHED,
        target=version,
        data={"dataset": str(dataset.public_id), "version": version.number},
    )
    if dataset.state == DatasetState.DRAFT:
        DATASET_WORKFLOW.apply(
            actor=actor, obj=dataset, name="publish", changes={"published_at": now}
        )
        _embargo_end_schedule(dataset)
    return version


@transaction.atomic
def version_discard(*, actor: User, version: DatasetVersion) -> None:
    """Throw away a draft version and its files."""
    _owner_required(actor, version.dataset)
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("A published version cannot be deleted."))
    audit_record(
        actor=actor,
        action=audit.AUDIT_VERSION_DISCARDED,
        target=version,
        data={"version": version.number},
    )
    _version_delete(version)


@transaction.atomic
def dataset_withdraw(*, actor: User, dataset: Dataset, reason: str) -> Dataset:
    """Take a published dataset down (a reviewer, or its owner), with the reason logged.
    Its pages and files are no longer public; the versions are kept."""
    reason = reason.strip()
    DATASET_WORKFLOW.check(actor=actor, obj=dataset, name="withdraw")
    if not reason:
        raise ValidationError(_("Give a reason for taking the dataset down."))
    DATASET_WORKFLOW.apply(
        actor=actor,
        obj=dataset,
        name="withdraw",
        changes={"withdrawn_reason": reason},
        data={"reason": reason},
    )
    return dataset


@transaction.atomic
def dataset_restore(*, actor: User, dataset: Dataset) -> Dataset:
    """Publish a withdrawn dataset again (reviewers)."""
    DATASET_WORKFLOW.apply(
        actor=actor, obj=dataset, name="restore", changes={"withdrawn_reason": ""}
    )
    return dataset


def embargo_end_at(day: datetime.date) -> datetime.datetime:
    """The moment an embargo ends: the start of ``day`` in Danish time."""
    return datetime.datetime.combine(
        day, datetime.time(0, 0, 5), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _embargo_end_schedule(dataset: Dataset) -> None:
    """Re-index the dataset in search when its embargo ends (search indexes only public
    datasets). Needs a task backend that can run tasks later (the database queue); where it
    cannot (tests run tasks at once), the index catches up at the next rebuild."""
    from socius.atlas.datasets.tasks import dataset_embargo_ended

    if dataset.embargo_until is None or dataset.embargo_until <= timezone.localdate():
        return
    if not dataset_embargo_ended.get_backend().supports_defer:
        return
    run_after = embargo_end_at(dataset.embargo_until)
    pk = dataset.pk
    transaction.on_commit(
        lambda: dataset_embargo_ended.using(run_after=run_after).enqueue(dataset_id=pk)
    )
