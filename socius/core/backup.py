"""Backups of the whole platform (the database and the media folder) and restores that prove
they got everything back.

A backup is a folder: the database (``database.dump``, made by ``pg_dump -Fc``, or
``database.sqlite3``, a copy by SQLite's online backup), the media folder as ``media.tar``,
and ``manifest.json``, written last. The manifest holds the SHA-256 and size of both files and
what the database held at the moment of the dump: the row count of every table, the applied
migrations, the audit chain's head and the checks that modules register (the Merkle roots of
citizen proposals, socius/proposals/backup.py). The counts come from the snapshot the dump
was made from: on PostgreSQL a REPEATABLE READ transaction exports its snapshot and pg_dump
reads that one (``--snapshot``); on SQLite one read transaction is open around the counts
and the copy. The media folder is archived after the dump, so a file written in between is
in the archive without a row that points to it: a harmless extra. The other order would
leave rows whose files are missing.

A restore checks every file against the manifest first, refuses a database or media folder
that is not empty, restores, and then compares the restored database with the manifest.

Threat model. A backup holds all personal data, the whistleblower scheme's sealed reports
included: the folder is 0700 and its files 0600, and it should be encrypted before it leaves
the machine. A backup folder read back later may be damaged or altered: a changed byte or a
missing file is refused before anything is written. The manifest is not signed; someone who
can rewrite the backup can rewrite the manifest too, so compare the printed manifest
checksum, or the audit head, with the copy kept outside the backup (docs/operations.md).
Restoring runs what the dump contains with the database role's rights: restore as the
platform's own role, never as a superuser, and only backups you made. The media archive is
never trusted: only regular files and folders are unpacked, never links, devices, absolute
paths or ``..`` (tarfile's ``data`` filter as well), and every member is checked before the
database is touched.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from tqdm import tqdm

from socius.core.audit import audit_chain_state
from socius.core.models import AuditEntry

FORMAT = "socius-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
PG_LIB = Path("/usr/lib/postgresql")
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the operator."""


# --- What modules add to the manifest ----------------------------------------------------------
_CHECKS: dict[str, Callable[[], Any]] = {}


def backup_check_register(name: str, read: Callable[[], Any]) -> None:
    """Put ``read()`` (JSON-serialisable) in every manifest under ``name``; a restore computes
    it again on the restored database and refuses a copy where it differs. A module registers
    in its ``backup.py``, which is found like ``audit.py``."""
    _CHECKS[name] = read


def _checks() -> dict[str, Any]:
    autodiscover_modules("backup")
    return {
        name: json.loads(json.dumps(_CHECKS[name](), cls=DjangoJSONEncoder))
        for name in sorted(_CHECKS)
    }


# --- What the database holds --------------------------------------------------------------------
def database_tables() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)"
                " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN"
                " ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
                " ESCAPE '\\'"
            )
        return sorted(row[0] for row in cursor.fetchall())


def _row_counts(quiet: bool) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in tqdm(database_tables(), desc="Counting rows", unit="tables", disable=quiet):
            # Names from the catalogue, quoted by it (PostgreSQL) or here (SQLite).
            name = table if connection.vendor == "postgresql" else connection.ops.quote_name(table)
            cursor.execute(f"SELECT count(*) FROM {name}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def database_state(quiet: bool = True) -> dict[str, Any]:
    """What a restored copy must show again: row counts, migrations, audit head, checks."""
    counts = _row_counts(quiet)
    migrations = sorted(
        [app, name] for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
    )
    with tqdm(
        total=AuditEntry.objects.count(), desc="Audit chain", unit="entries", disable=quiet
    ) as bar:
        chain = audit_chain_state(progress=bar.update)
    audit = {
        "entries": chain.entries,
        "head_id": chain.head_id,
        "head_hash": chain.head_hash,
        "broken_at": chain.broken.entry_id if chain.broken else None,
    }
    return {"row_counts": counts, "migrations": migrations, "audit": audit, "checks": _checks()}


def state_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """How ``actual`` differs from the manifest's ``expected`` state, one phrase each."""
    problems = []
    want, got = expected["row_counts"], actual["row_counts"]
    for table in sorted(set(want) | set(got)):
        if want.get(table) != got.get(table):
            problems.append(
                f"{table} has {got.get(table, 'no table')} rows, the manifest says "
                f"{want.get(table, 'no table')}"
            )
    if expected["migrations"] != actual["migrations"]:
        problems.append("the applied migrations differ")
    if expected["audit"] != actual["audit"]:
        a, e = actual["audit"], expected["audit"]
        problems.append(
            f"the audit chain has {a['entries']} entries with head #{a['head_id']} "
            f"{a['head_hash']}, the manifest says {e['entries']} with head #{e['head_id']} "
            f"{e['head_hash']}"
        )
    for name in sorted(set(expected["checks"]) | set(actual["checks"])):
        if expected["checks"].get(name) != actual["checks"].get(name):
            problems.append(f"{name} differ")
    return problems


# --- Files --------------------------------------------------------------------------------------
def private_file(path: Path) -> IO[bytes]:
    """A new file only its owner can read (it holds personal data); never an existing one."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _digest(path: Path, bar: tqdm[Any]) -> dict[str, Any]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK):
            sha.update(chunk)
            size += len(chunk)
            bar.update(len(chunk))
    return {"sha256": sha.hexdigest(), "size": size}


def file_digests(folder: Path, names: list[str], quiet: bool) -> dict[str, dict[str, Any]]:
    total = sum((folder / name).stat().st_size for name in names)
    with tqdm(total=total, desc="Checksums", unit="B", unit_scale=True, disable=quiet) as bar:
        return {name: _digest(folder / name, bar) for name in names}


# --- PostgreSQL's tools --------------------------------------------------------------------------
# Connection options that libpq also reads from the environment (DATABASE_URL's query string).
_LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
    "channel_binding": "PGCHANNELBINDING",
    "gssencmode": "PGGSSENCMODE",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump and pg_restore: the connection, the password included, in
    libpq's variables. Never arguments: every local user can read a command line."""
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    for option, value in (settings_dict.get("OPTIONS") or {}).items():
        if option in _LIBPQ_ENV:
            env[_LIBPQ_ENV[option]] = str(value)
    return env


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", Path(path).parent.parent.name))


def pg_binary(name: str) -> str:
    """``name`` (pg_dump, pg_restore) from SOCIUS_PG_BIN, else PATH, else the newest
    /usr/lib/postgresql/*/bin."""
    if settings.PG_BIN_DIR:
        path = Path(settings.PG_BIN_DIR) / name
        if not os.access(path, os.X_OK):
            raise BackupError(f"{name} is not in SOCIUS_PG_BIN ({settings.PG_BIN_DIR}).")
        return str(path)
    found = shutil.which(name)
    if found:
        return found
    installed = sorted(glob.glob(str(PG_LIB / "*" / "bin" / name)), key=_version)
    if installed:
        return installed[-1]
    raise BackupError(
        f"{name} was not found: install PostgreSQL's client tools (postgresql-client) "
        "or set SOCIUS_PG_BIN to the folder that holds them."
    )


def pg_tool_run(
    command: list[str], *, stdout: IO[bytes] | int | None, bar: tqdm[Any], step: str
) -> None:
    """Run pg_dump or pg_restore with ``--verbose``, one step of ``bar`` per line it logs
    about an object; fail with its error line."""
    process = subprocess.Popen(  # noqa: S603  (a PostgreSQL tool, arguments made here)
        command,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=pg_environment(connection.settings_dict),
        text=True,
    )
    assert process.stderr is not None  # noqa: S101  (stderr=PIPE)
    errors = []
    for line in process.stderr:
        if ": error: " in line or ": FATAL: " in line:
            errors.append(line.strip())
        elif re.search(r": (dumping contents|processing data|creating) ", line):
            bar.update(1)
    if process.wait() != 0:
        raise BackupError(
            f"{step} failed: {errors[0] if errors else 'exit code ' + str(process.returncode)}"
        )


# --- Backup -------------------------------------------------------------------------------------
def _prepare_destination(dest: Path) -> None:
    media = Path(settings.MEDIA_ROOT).resolve()
    if dest.resolve().is_relative_to(media):
        raise BackupError(f"{dest} is inside the media folder ({media}); choose another place.")
    if dest.exists():
        if not dest.is_dir() or any(dest.iterdir()):
            raise BackupError(f"{dest} exists and is not an empty folder.")
    else:
        dest.mkdir(parents=True, mode=0o700)
    dest.chmod(0o700)


def _pg_backup(target: Path, quiet: bool) -> dict[str, Any]:
    with transaction.atomic(), connection.cursor() as cursor:
        # The first statement of the transaction: one snapshot for the counts and the dump.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        state = database_state(quiet)
        command = [pg_binary("pg_dump"), "--format=custom", "--no-password", "--verbose"]
        with (
            private_file(target) as out,
            tqdm(total=len(state["row_counts"]), desc="Dump", unit="tables", disable=quiet) as bar,
        ):
            pg_tool_run([*command, f"--snapshot={snapshot}"], stdout=out, bar=bar, step="pg_dump")
    return state


@contextmanager
def _sqlite_read_snapshot() -> Iterator[sqlite3.Connection]:
    """One read transaction on Django's connection. Not Django's ``atomic``: that would be
    BEGIN IMMEDIATE (settings.py), and SQLite's backup waits forever on a source that holds
    the write lock. Writers go on meanwhile (WAL); this transaction does not see them."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        yield raw
    finally:
        raw.execute("ROLLBACK")


def sqlite_backup(
    source: sqlite3.Connection, target: sqlite3.Connection, *, desc: str, quiet: bool
) -> None:
    """SQLite's online backup of ``source`` into ``target``, with a progress bar of pages
    (backup and restore both copy this way)."""
    with tqdm(desc=desc, unit="pages", disable=quiet) as bar:

        def progress(_status: int, remaining: int, total: int) -> None:
            bar.total = total
            bar.n = total - remaining
            bar.refresh()

        source.backup(target, pages=1024, progress=progress)


def _sqlite_copy(source: sqlite3.Connection, target: Path, quiet: bool) -> None:
    private_file(target).close()
    copy = sqlite3.connect(target)
    try:
        sqlite_backup(source, copy, desc="Copy", quiet=quiet)
        # One self-contained file, without WAL files beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def _sqlite_backup(target: Path, quiet: bool) -> dict[str, Any]:
    with _sqlite_read_snapshot() as raw:
        state = database_state(quiet)
        _sqlite_copy(raw, target, quiet)
    return state


def _media_archive(target: Path, quiet: bool) -> dict[str, Any]:
    """Regular files and folders of MEDIA_ROOT, owners left out; anything else is skipped."""
    root = Path(settings.MEDIA_ROOT)
    paths = sorted(root.rglob("*")) if root.is_dir() else []
    files = 0
    skipped = []
    with (
        private_file(target) as out,
        tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        for path in tqdm(paths, desc="Media", unit="files", disable=quiet):
            name = path.relative_to(root).as_posix()
            try:
                info = tar.gettarinfo(path, arcname=name)
                if not (info.isreg() or info.isdir()):
                    skipped.append(name)
                    continue
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                if info.isdir():
                    tar.addfile(info)
                    continue
                with path.open("rb") as source:
                    tar.addfile(info, source)
                files += 1
            except FileNotFoundError:  # deleted since the listing (e.g. a purged report)
                skipped.append(name)
    return {"files": files, "skipped": skipped}


def backup_create(dest: Path, *, quiet: bool = True) -> dict[str, Any]:
    """Write a backup into ``dest`` (missing or empty) and return its manifest."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    _prepare_destination(dest)
    database = DATABASE_FILES[vendor]
    started = timezone.now()
    if vendor == "postgresql":
        state = _pg_backup(dest / database, quiet)
        server = str(connection.pg_version)  # type: ignore[attr-defined]
    else:
        state = _sqlite_backup(dest / database, quiet)
        server = sqlite3.sqlite_version
    media = _media_archive(dest / MEDIA_ARCHIVE, quiet)
    for name in (database, MEDIA_ARCHIVE):
        _sync(dest / name)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": started.isoformat(),
        "vendor": vendor,
        "server_version": server,
        "files": file_digests(dest, [database, MEDIA_ARCHIVE], quiet),
        "media": media,
        **state,
    }
    # Last, and whole or not at all: a folder without a manifest is visibly incomplete.
    partial = dest / (MANIFEST + ".partial")
    with private_file(partial) as out:
        out.write(json.dumps(manifest, indent=2, sort_keys=True).encode())
        out.flush()
        os.fsync(out.fileno())
    partial.rename(dest / MANIFEST)
    _sync(dest)
    return manifest


def manifest_checksum(folder: Path) -> str:
    """The SHA-256 of the manifest: keep it outside the backup to detect a rewritten one."""
    return hashlib.sha256((folder / MANIFEST).read_bytes()).hexdigest()
