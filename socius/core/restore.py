"""Restoring a backup made by ``manage.py backup`` into an empty database and media folder.

The backup's layout and the threat model are in socius/core/backup.py. In short: nothing is
written before every file matches the manifest, the database and the media folder are empty,
and every member of the media archive is a plain file or folder inside the media folder; after
the restore the database must show the manifest's row counts, migrations, audit head and
module checks (the Merkle roots of citizen proposals), or the restore fails.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult
from tqdm import tqdm

from socius.core.backup import (
    DATABASE_FILES,
    FORMAT,
    MANIFEST,
    MEDIA_ARCHIVE,
    VERSION,
    BackupError,
    database_state,
    database_tables,
    file_digests,
    pg_binary,
    pg_tool_run,
    private_file,
    sqlite_backup,
    state_differences,
)

_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Restored:
    manifest: dict[str, Any]
    # Tasks queued or running at backup time: a worker runs them again (mails a second time).
    waiting_tasks: int
    # Migrations of this code that the backup's database had not applied.
    unapplied_migrations: int


def _is_count(value: Any) -> bool:
    return type(value) is int and value >= 0


def _manifest_problem(manifest: Any) -> str | None:
    """What makes ``manifest`` unusable, or None. It is read from the backup: trust nothing."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return "it is not the manifest of a Socius backup"
    if manifest.get("version") != VERSION:
        return f"its version is {manifest.get('version')!r}; this code reads version {VERSION}"
    vendor = manifest.get("vendor")
    if vendor not in DATABASE_FILES:
        return f"its database vendor {vendor!r} is unknown"
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != {DATABASE_FILES[vendor], MEDIA_ARCHIVE}:
        return f"it must list exactly {DATABASE_FILES[vendor]} and {MEDIA_ARCHIVE}"
    for entry in files.values():
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _SHA256.fullmatch(entry["sha256"])
            and _is_count(entry.get("size"))
        ):
            return "a file's checksum or size is not valid"
    counts = manifest.get("row_counts")
    if not isinstance(counts, dict) or not all(
        isinstance(k, str) and _is_count(v) for k, v in counts.items()
    ):
        return "its row counts are not valid"
    migrations = manifest.get("migrations")
    if not isinstance(migrations, list) or not all(
        isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m)
        for m in migrations
    ):
        return "its list of migrations is not valid"
    audit = manifest.get("audit")
    if not isinstance(audit, dict) or set(audit) != {
        "entries",
        "head_id",
        "head_hash",
        "broken_at",
    }:
        return "its audit chain head is not valid"
    if not isinstance(manifest.get("checks"), dict):
        return "its checks are not valid"
    return None


def manifest_read(src: Path) -> dict[str, Any]:
    """The backup's manifest, checked for shape; BackupError if missing or unusable."""
    if not src.is_dir():
        raise BackupError(f"{src} is not a folder.")
    path = src / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{src} has no {MANIFEST}: the backup is incomplete (it stopped before the end) "
            "or is not a Socius backup."
        )
    try:
        manifest = json.loads(path.read_bytes())
    except ValueError:
        raise BackupError(f"{path} is not valid JSON.") from None
    problem = _manifest_problem(manifest)
    if problem:
        raise BackupError(f"{path} cannot be used: {problem}.")
    return manifest


def _files_verify(src: Path, manifest: dict[str, Any], quiet: bool) -> None:
    names = sorted(manifest["files"])
    for name in names:
        path = src / name
        if not path.is_file():
            raise BackupError(f"{path} is missing: the backup is incomplete.")
        expected = manifest["files"][name]["size"]
        if path.stat().st_size != expected:
            raise BackupError(
                f"{path} has {path.stat().st_size} bytes, the manifest says {expected}: "
                "the backup is damaged or was changed."
            )
    for name, digest in file_digests(src, names, quiet).items():
        if digest["sha256"] != manifest["files"][name]["sha256"]:
            raise BackupError(
                f"{src / name} does not match its SHA-256 in the manifest: "
                "the backup is damaged or was changed."
            )


def _targets_empty(media_root: Path) -> None:
    tables = database_tables()
    if tables:
        raise BackupError(
            f"The configured database {connection.settings_dict['NAME']} is not empty "
            f"({len(tables)} tables, e.g. {tables[0]}); restore into a new, empty database."
        )
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(
            f"The media folder {media_root} is not empty; restore into an empty or new folder."
        )


def _media_member(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo:
    """tarfile's extraction filter: plain files and folders inside ``dest``, nothing else."""
    name = member.name
    if name.startswith("/") or ".." in PurePosixPath(name).parts:
        raise BackupError(f"{MEDIA_ARCHIVE} holds {name!r}, outside the media folder: refused.")
    if not (member.isreg() or member.isdir()):
        raise BackupError(f"{MEDIA_ARCHIVE} holds {name!r}, a link or a device: refused.")
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError as exc:
        raise BackupError(f"{MEDIA_ARCHIVE} holds {name!r}: {exc}; refused.") from None


def _media_check(archive: Path, media_root: Path) -> None:
    """Every member of the archive passes the filter, before anything is restored."""
    try:
        with tarfile.open(archive, "r:") as tar:
            for member in tar.getmembers():
                _media_member(member, str(media_root))
    except tarfile.TarError as exc:
        raise BackupError(f"{archive} is not a valid archive: {exc}.") from None


def _media_unpack(archive: Path, media_root: Path, quiet: bool) -> None:
    media_root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tarfile.open(archive, "r:") as tar:
        members = tqdm(tar.getmembers(), desc="Media", unit="files", disable=quiet)
        # Every member passed _media_member in _media_check; the filter checks them again.
        tar.extractall(media_root, members=members, filter=_media_member)  # noqa: S202


def _pg_restore(dump: Path, quiet: bool) -> None:
    tool = pg_binary("pg_restore")
    listing = subprocess.run(  # noqa: S603  (pg_restore, arguments made here)
        [tool, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    total = sum(1 for line in listing.stdout.splitlines() if line and not line.startswith(";"))
    command = [
        tool,
        "--no-owner",
        "--no-acl",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        "--verbose",
        f"--dbname={connection.settings_dict['NAME']}",
        str(dump),
    ]
    with tqdm(total=total, desc="Restore", unit="objects", disable=quiet) as bar:
        pg_tool_run(command, stdout=subprocess.DEVNULL, bar=bar, step="pg_restore")


def _sqlite_restore(copy: Path, quiet: bool) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    if not target.exists():
        private_file(target).close()
    source = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    try:
        restored = sqlite3.connect(target)
        try:
            sqlite_backup(source, restored, desc="Restore", quiet=quiet)
        finally:
            restored.close()
    finally:
        source.close()


def _unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def backup_restore(src: Path, *, quiet: bool = True) -> Restored:
    """Restore the backup in ``src`` into the configured database and MEDIA_ROOT (both empty)
    and verify the result against the manifest; BackupError says what is wrong."""
    manifest = manifest_read(src)
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; the configured database is "
            f"{connection.vendor}. Restore into the same kind of database."
        )
    _files_verify(src, manifest, quiet)
    media_root = Path(settings.MEDIA_ROOT)
    _targets_empty(media_root)
    _media_check(src / MEDIA_ARCHIVE, media_root)
    database = src / DATABASE_FILES[manifest["vendor"]]
    if manifest["vendor"] == "postgresql":
        _pg_restore(database, quiet)
    else:
        _sqlite_restore(database, quiet)
    _media_unpack(src / MEDIA_ARCHIVE, media_root, quiet)
    problems = state_differences(manifest, database_state(quiet))
    if problems:
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise BackupError(
            "The restored copy does not match the manifest, do not use it: "
            + "; ".join(problems[:5])
            + more
            + "."
        )
    return Restored(
        manifest=manifest,
        waiting_tasks=DBTaskResult.objects.filter(finished_at__isnull=True).count(),
        unapplied_migrations=_unapplied_migrations(),
    )
