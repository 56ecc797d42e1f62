"""``manage.py restore SRC``: a backup into the configured, empty database and media folder,
verified against its manifest (socius/core/restore.py; docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socius.core.backup import BackupError, manifest_checksum
from socius.core.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into the configured database and media folder "
        "(both must be empty), then verify it against the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="The backup folder.")

    def handle(self, *args: Any, src: Path, verbosity: int, **options: Any) -> None:
        try:
            restored = backup_restore(src, quiet=verbosity == 0)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = restored.manifest
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Restored {src} (made {manifest['created_at']}) and verified: "
            f"{len(manifest['row_counts'])} tables, {rows} rows, {manifest['media']['files']} "
            f"media files, {len(manifest['checks'])} module checks."
        )
        audit = manifest["audit"]
        if audit["broken_at"] is not None:
            self.stderr.write(
                f"The audit chain is broken at entry #{audit['broken_at']}, as it was when "
                "the backup was made."
            )
        elif audit["head_id"] is not None:
            self.stdout.write(
                f"Audit chain intact: {audit['entries']} entries. "
                f"Head #{audit['head_id']}: {audit['head_hash']}"
            )
        self.stdout.write(f"Manifest SHA-256: {manifest_checksum(src)}")
        if restored.waiting_tasks:
            self.stdout.write(
                f"{restored.waiting_tasks} tasks had not finished at backup time; a worker runs "
                "them again (mails a second time). Look at them before starting workers."
            )
        if restored.unapplied_migrations:
            self.stdout.write(
                f"This code has {restored.unapplied_migrations} migrations that the restored "
                "database has not applied: run `manage.py migrate`."
            )
