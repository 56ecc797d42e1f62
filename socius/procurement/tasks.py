"""Background work of the contracts part: running a CSV import (the page shows its progress
from ``ContractImport.progress_done``)."""

from __future__ import annotations

import logging

from django.tasks import task

from socius.procurement.models import ContractImport

logger = logging.getLogger(__name__)


@task()
def contract_import_run(import_id: int) -> None:
    """Run a queued import all or nothing and store its report."""
    from socius.procurement.imports import ImportFileError, csv_rows
    from socius.procurement.services import contracts_import

    job = ContractImport.objects.filter(pk=import_id, status=ContractImport.Status.QUEUED).first()
    if job is None:
        return
    ContractImport.objects.filter(pk=job.pk).update(status=ContractImport.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        ContractImport.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)

    try:
        rows = csv_rows(job.text)
        report = contracts_import(
            actor=job.created_by, space=job.space, rows=rows, progress=progress
        )
    except ImportFileError as exc:
        ContractImport.objects.filter(pk=job.pk).update(
            status=ContractImport.Status.REFUSED,
            problems=[{"line": 0, "reason": str(exc)}],
            text="",
        )
        return
    except Exception as exc:
        logger.error("Contract import %s failed: %s", import_id, type(exc).__name__)
        ContractImport.objects.filter(pk=job.pk).update(status=ContractImport.Status.FAILED)
        raise
    ContractImport.objects.filter(pk=job.pk).update(
        status=ContractImport.Status.REFUSED if report.problems else ContractImport.Status.DONE,
        created_count=report.created,
        problems=[{"line": p.line, "reason": p.reason} for p in report.problems],
        text="",
    )
