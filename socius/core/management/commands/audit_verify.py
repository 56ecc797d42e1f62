from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from socius.core.audit import audit_chain_state
from socius.core.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        with tqdm(total=total, unit="entries", disable=options["verbosity"] == 0) as bar:
            state = audit_chain_state(progress=bar.update)
        if state.broken is not None:
            raise CommandError(
                f"Broken link at audit entry #{state.broken.entry_id}: {state.broken.reason}. "
                f"{state.entries} entries before it are intact."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {state.entries} entries.")
            + (f" Head #{state.head_id}: {state.head_hash}" if state.head_hash else "")
        )
