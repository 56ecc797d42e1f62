"""``manage.py backup DEST``: the database and the media folder, with a manifest
(socius/core/backup.py; docs/operations.md, "Backups and restore")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socius.core.backup import BackupError, backup_create, manifest_checksum


class Command(BaseCommand):
    help = "Back up the database and the media folder into DEST, with a manifest of checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "dest", type=Path, help="A folder that does not exist yet, or is empty."
        )

    def handle(self, *args: Any, dest: Path, verbosity: int, **options: Any) -> None:
        try:
            manifest = backup_create(dest, quiet=verbosity == 0)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = ", ".join(
            f"{name} ({entry['size']} bytes)" for name, entry in manifest["files"].items()
        )
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backup written to {dest}: {files}; {len(manifest['row_counts'])} tables, "
            f"{rows} rows, {manifest['media']['files']} media files."
        )
        for name in manifest["media"]["skipped"]:
            self.stderr.write(f"Not in the backup (not a plain file or folder, or gone): {name}")
        audit = manifest["audit"]
        if audit["broken_at"] is not None:
            self.stderr.write(
                f"The audit chain is broken at entry #{audit['broken_at']} "
                f"({audit['entries']} entries before it are intact); backed up as it is."
            )
        elif audit["head_id"] is not None:
            self.stdout.write(
                f"Audit chain intact: {audit['entries']} entries. "
                f"Head #{audit['head_id']}: {audit['head_hash']}"
            )
        self.stdout.write(f"Manifest SHA-256: {manifest_checksum(dest)}")
