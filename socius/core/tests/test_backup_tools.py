"""How backups find and call PostgreSQL's tools, and where a backup may be written."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.db import connection

from socius.core import backup as backup_module
from socius.core.backup import BackupError, backup_create, pg_binary, pg_environment


def _tool(folder: Path, name: str = "pg_dump") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tool = folder / name
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o755)
    return tool


def test_the_tools_come_from_the_setting_then_path_then_the_newest_postgresql(
    settings, monkeypatch, tmp_path
):
    monkeypatch.setattr(backup_module, "PG_LIB", tmp_path / "lib")
    for version in ("9.6", "13", "15"):
        _tool(tmp_path / "lib" / version / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    settings.PG_BIN_DIR = ""
    assert pg_binary("pg_dump") == str(tmp_path / "lib" / "15" / "bin" / "pg_dump")

    on_path = _tool(tmp_path / "path")
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    assert pg_binary("pg_dump") == str(on_path)

    chosen = _tool(tmp_path / "chosen")
    settings.PG_BIN_DIR = str(tmp_path / "chosen")
    assert pg_binary("pg_dump") == str(chosen)
    with pytest.raises(BackupError, match=r"pg_restore is not in SOCIUS_PG_BIN"):
        pg_binary("pg_restore")


def test_without_the_tools_the_error_says_what_to_install(settings, monkeypatch, tmp_path):
    monkeypatch.setattr(backup_module, "PG_LIB", tmp_path / "lib")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    settings.PG_BIN_DIR = ""
    with pytest.raises(BackupError, match=r"install PostgreSQL's client tools .* SOCIUS_PG_BIN"):
        pg_binary("pg_dump")


def _libpq(env: Mapping[str, str]) -> dict[str, str]:
    """libpq's own variables (PGHOST, PGSSLMODE, ...), not others that start with PG."""
    return {k: v for k, v in env.items() if k.startswith("PG") and "_" not in k}


def test_the_connection_goes_to_the_tools_in_their_environment(monkeypatch):
    for name in _libpq(os.environ):
        monkeypatch.delenv(name)
    env = pg_environment(
        {
            "NAME": "socius",
            "USER": "socius",
            "PASSWORD": "pa ss:word@",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem", "pool": True},
        }
    )
    assert _libpq(env) == {
        "PGDATABASE": "socius",
        "PGUSER": "socius",
        "PGPASSWORD": "pa ss:word@",
        "PGHOST": "db.internal",
        "PGPORT": "5433",
        "PGSSLMODE": "verify-full",
        "PGSSLROOTCERT": "/etc/ca.pem",
    }


def test_a_backup_goes_only_into_a_new_or_empty_folder_outside_the_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    used = tmp_path / "used"
    used.mkdir()
    (used / "old.dump").write_bytes(b"old")
    # Refused before the database is read.
    with pytest.raises(BackupError, match="exists and is not an empty folder"):
        backup_create(used)
    with pytest.raises(BackupError, match="inside the media folder"):
        backup_create(tmp_path / "media" / "backup")
    assert [p.name for p in used.iterdir()] == ["old.dump"]
    assert not (tmp_path / "media" / "backup").exists()


@pytest.mark.postgresql(reason="pg_dump and pg_restore serve PostgreSQL only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pg_dump_gets_the_password_in_its_environment_never_on_its_command_line(
    settings, monkeypatch, tmp_path
):
    """Any local user can read a process's arguments (ps, /proc/PID/cmdline); only its owner
    can read its environment."""
    real = Path(backup_module.pg_binary("pg_dump"))
    seen = tmp_path / "seen.json"
    wrapper = _tool(tmp_path / "bin")
    wrapper.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        "seen = {'argv': sys.argv[1:], 'password': os.environ.get('PGPASSWORD')}\n"
        f"json.dump(seen, open({str(seen)!r}, 'w'))\n"
        f"os.execv({str(real)!r}, [{str(real)!r}, *sys.argv[1:]])\n"
    )
    settings.PG_BIN_DIR = str(tmp_path / "bin")
    settings.MEDIA_ROOT = tmp_path / "media"
    # The test server trusts loopback, so the password is carried but not checked.
    monkeypatch.setitem(connection.settings_dict, "PASSWORD", "s3cret-Password")
    backup_create(tmp_path / "backup")
    called = json.loads(seen.read_text())
    assert called["password"] == "s3cret-Password"
    assert not any("s3cret" in arg for arg in called["argv"])
    assert "--format=custom" in called["argv"]
    assert any(arg.startswith("--snapshot=") for arg in called["argv"])
    assert stat.S_IMODE((tmp_path / "backup" / "database.dump").stat().st_mode) == 0o600
