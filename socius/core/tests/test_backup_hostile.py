"""Backups that must not be restored, and targets that must not be written over: a changed
byte, a missing or lying manifest, hostile members in the media archive, a database or media
folder that is not empty, a backup of the other database vendor. Each refusal leaves the
target database without a table and the media folder empty.

One backup of this worker's test database is made for the module (in this process, as
``manage.py backup`` does); each test restores a copy of it into a new empty database. The
tests are transactional: the restore points Django's connection at the new database
(socius/tests_support/databases.py), which it cannot do inside the transaction of a ``db``
test, and CREATE DATABASE needs autocommit. Like every transactional test here they
use serialized rollback: the flush after a transactional test without it runs Django's
post-migrate handlers, which write rows (Wagtail's locale) that the next serialized-rollback
test then loads a second time (conftest.py refuses such a test).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from socius.core.backup import (
    DATABASE_FILES,
    MANIFEST,
    MEDIA_ARCHIVE,
    BackupError,
    backup_create,
    database_tables,
)
from socius.core.restore import backup_restore
from socius.tests_support.databases import connected_to, database_url, empty_database, manage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MEDIA_FILES = {
    "documents/rapport.pdf": b"%PDF-1.4 rapport",
    "whistleblowing/0f1e2d": b"\x00\x01" * 50,
}


@pytest.fixture(scope="module")
def made_backup(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    media = tmp_path_factory.mktemp("source-media")
    for name, content in MEDIA_FILES.items():
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(content)
    folder = tmp_path_factory.mktemp("made") / "backup"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        backup_create(folder)
    return folder


@pytest.fixture
def backup(made_backup: Path, tmp_path: Path) -> Path:
    """A copy of the module's backup for this test to damage."""
    return Path(shutil.copytree(made_backup, tmp_path / "backup"))


@pytest.fixture
def target(
    django_db_setup: None, django_db_blocker: Any, tmp_path: Path, settings: Any
) -> Iterator[str]:
    """Django's connection on a new empty database, MEDIA_ROOT a folder that does not exist."""
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with django_db_blocker.unblock(), empty_database(tmp_path) as name, connected_to(name):
        yield name


def _database_file() -> str:
    return DATABASE_FILES[connection.vendor]


def _manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / MANIFEST).read_text())  # type: ignore[no-any-return]


def _rewrite(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the manifest and give every file its true checksum again, as someone who
    rewrites a whole backup would."""
    manifest = _manifest(folder)
    change(manifest)
    for name in manifest["files"]:
        data = (folder / name).read_bytes()
        manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    (folder / MANIFEST).write_text(json.dumps(manifest))


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _written(settings: Any) -> list[str]:
    """What is in the target: its tables, and the files in the media folder."""
    media = Path(settings.MEDIA_ROOT)
    return database_tables() + (sorted(p.name for p in media.iterdir()) if media.exists() else [])


def _untouched(settings: Any) -> None:
    assert _written(settings) == []


def test_a_changed_byte_in_the_dump_stops_the_restore_with_one_line(backup, target, settings):
    _flip_a_byte(backup / _database_file())
    done = manage(
        "restore", str(backup), "-v", "0", database_url=database_url(target),
        media_root=Path(settings.MEDIA_ROOT),
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"CommandError: {backup / _database_file()} does not match its SHA-256 in the manifest: "
        "the backup is damaged or was changed."
    ]
    _untouched(settings)


def _refusal(folder: Path) -> str:
    """Why ``backup_restore`` refused ``folder`` ("restored" if it did not)."""
    try:
        backup_restore(folder)
    except BackupError as exc:
        return str(exc)
    return "restored"


def _refusals(
    made_backup: Path, tmp_path: Path, settings: Any, cases: dict[str, Callable[[Path], object]]
) -> dict[str, str]:
    """Each case's damage done to a fresh copy of the backup, and the restore's answer. One
    target serves them all: each must be refused before anything is written."""
    answers = {}
    for n, (case, damage) in enumerate(cases.items()):
        copy = Path(shutil.copytree(made_backup, tmp_path / f"backup-{n}"))
        damage(copy)
        answers[case] = _refusal(copy)
        assert _written(settings) == [], f"{case}: {answers[case]}"
    return answers


def _unexpected(answers: dict[str, str], expected: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (case, answers[case]) for case in expected if not re.search(expected[case], answers[case])
    ]


def _not_json(folder: Path) -> None:
    (folder / MANIFEST).write_text("{not json")


def _other_names(folder: Path) -> None:
    manifest = _manifest(folder)
    manifest["files"] = {"../../etc/passwd": manifest["files"].popitem()[1]}
    (folder / MANIFEST).write_text(json.dumps(manifest))


def _edit(**fields: Any) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        manifest = _manifest(folder)
        for key, value in fields.items():
            manifest[key] = value
        (folder / MANIFEST).write_text(json.dumps(manifest))

    return edit


def test_a_damaged_incomplete_or_unreadable_backup_is_refused(
    made_backup, target, settings, tmp_path
):
    cases: dict[str, tuple[Callable[[Path], object], str]] = {
        "changed byte in media.tar": (
            lambda f: _flip_a_byte(f / MEDIA_ARCHIVE),
            r"media\.tar does not match its SHA-256 in the manifest: the backup is damaged",
        ),
        "no manifest": (
            lambda f: (f / MANIFEST).unlink(),
            "has no manifest.json: the backup is incomplete",
        ),
        "no media.tar": (lambda f: (f / MEDIA_ARCHIVE).unlink(), r"media\.tar is missing"),
        "no database": (lambda f: (f / _database_file()).unlink(), r"database\.\w+ is missing"),
        "shorter database": (
            lambda f: (f / _database_file()).write_bytes(b"short"),
            r"has 5 bytes, the manifest says \d+",
        ),
        "manifest not JSON": (_not_json, "is not valid JSON"),
        "other format": (_edit(format="tar"), "not the manifest of a Socius backup"),
        "other version": (_edit(version=2), "this code reads version 1"),
        "other file names": (_other_names, "must list exactly"),
        "negative count": (_edit(row_counts={"core_theme": -1}), "row counts are not valid"),
        "audit head": (_edit(audit={"head_id": 1}), "audit chain head is not valid"),
        "migrations": (_edit(migrations="all"), "list of migrations is not valid"),
    }
    answers = _refusals(made_backup, tmp_path, settings, {c: d for c, (d, _m) in cases.items()})
    assert _unexpected(answers, {c: m for c, (_d, m) in cases.items()}) == []


def test_a_manifest_that_lies_about_the_database_fails_the_restore(backup, target):
    def lie(manifest: dict[str, Any]) -> None:
        table = sorted(manifest["row_counts"])[0]
        manifest["row_counts"][table] += 1
        manifest["audit"] = {"entries": 7, "head_id": 7, "head_hash": "f" * 64, "broken_at": None}
        manifest["checks"]["proposals.merkle_roots"].append(
            {"proposal": "x", "day": "2026-01-01", "merkle_root": "0" * 64}
        )

    _rewrite(backup, lie)
    table = sorted(_manifest(backup)["row_counts"])[0]
    with pytest.raises(BackupError) as refused:
        backup_restore(backup)
    message = str(refused.value)
    assert message.startswith("The restored copy does not match the manifest, do not use it:")
    assert f"{table} has " in message
    assert "the manifest says 7 with head #7 " + "f" * 64 in message
    assert "proposals.merkle_roots differ" in message


def _archive(folder: Path, member: tarfile.TarInfo, content: bytes = b"") -> None:
    """A media archive with one good file and ``member``, the manifest made to match."""
    with tarfile.open(folder / MEDIA_ARCHIVE, "w") as tar:
        good = tarfile.TarInfo("documents/rapport.pdf")
        good.size = len(MEDIA_FILES[good.name])
        tar.addfile(good, io.BytesIO(MEDIA_FILES[good.name]))
        member.size = len(content) if member.isreg() else 0
        tar.addfile(member, io.BytesIO(content) if member.isreg() else None)
    _rewrite(folder, lambda manifest: None)


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    member = tarfile.TarInfo(name)
    member.type = kind
    member.linkname = link
    return member


def test_hostile_members_of_the_media_archive_are_refused_before_the_database(
    made_backup, target, settings, tmp_path
):
    outside = tmp_path / "escape.txt"  # where the first three would land: beside the media folder
    members = {
        "dot-dot": _member("../escape.txt"),
        "dot-dot inside": _member("documents/../../escape.txt"),
        "absolute": _member(str(outside)),
        "symlink out": _member("link", tarfile.SYMTYPE, "/etc/passwd"),
        "symlink in": _member("documents/link", tarfile.SYMTYPE, "rapport.pdf"),
        "hard link": _member("hard", tarfile.LNKTYPE, "documents/rapport.pdf"),
        "device": _member("dev/null", tarfile.CHRTYPE),
        "fifo": _member("fifo", tarfile.FIFOTYPE),
    }
    answers = _refusals(
        made_backup,
        tmp_path,
        settings,
        {
            case: (lambda f, m=member: _archive(f, m, b"not here"))
            for case, member in members.items()
        },
    )
    expected = {
        case: rf"media\.tar holds '{re.escape(m.name)}', .* refused" for case, m in members.items()
    }
    assert _unexpected(answers, expected) == []
    assert not outside.exists()


def test_a_database_with_tables_is_not_written_over(backup, django_db_blocker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with django_db_blocker.unblock():
        tables = database_tables()
        with pytest.raises(BackupError, match="is not empty .* restore into a new, empty database"):
            backup_restore(backup)
        assert database_tables() == tables
    assert not Path(settings.MEDIA_ROOT).exists()


def test_a_media_folder_with_files_is_not_written_over(backup, target, settings):
    media = Path(settings.MEDIA_ROOT)
    media.mkdir()
    (media / "keep.txt").write_text("mine")
    with pytest.raises(BackupError, match="media folder .* is not empty"):
        backup_restore(backup)
    assert database_tables() == []
    assert [p.name for p in media.iterdir()] == ["keep.txt"]


def test_a_backup_of_the_other_database_vendor_is_refused(backup, target, settings):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    (backup / _database_file()).rename(backup / DATABASE_FILES[other])

    def relabel(manifest: dict[str, Any]) -> None:
        manifest["vendor"] = other
        manifest["files"][DATABASE_FILES[other]] = manifest["files"].pop(_database_file())

    _rewrite(backup, relabel)
    with pytest.raises(
        BackupError,
        match=f"is of a {other} database; the configured database is {connection.vendor}",
    ):
        backup_restore(backup)
    _untouched(settings)
