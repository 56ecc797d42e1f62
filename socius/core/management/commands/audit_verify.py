from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from socius.core.audit import ChainBreak, audit_verify
from socius.core.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken link."

    def handle(self, *args: Any, **options: Any) -> None:
        total = AuditEntry.objects.count()
        checked = 0
        last_id: int | None = None
        with tqdm(total=total, unit="entries", disable=options["verbosity"] == 0) as bar:
            for result in audit_verify():
                if isinstance(result, ChainBreak):
                    raise CommandError(
                        f"Broken link at audit entry #{result.entry_id}: {result.reason}. "
                        f"{checked} entries before it are intact."
                    )
                checked += 1
                last_id = result
                bar.update(1)
        head = None
        if last_id is not None:
            head = AuditEntry.objects.filter(pk=last_id).values_list("hash", flat=True).first()
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {checked} entries.")
            + (f" Head #{last_id}: {head}" if head else "")
        )
