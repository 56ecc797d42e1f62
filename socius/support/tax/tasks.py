"""Background work of the tax deduction: building the yearly report (the page shows its
progress from ``TaxReport.progress_done``)."""

from __future__ import annotations

import logging

from django.tasks import task

from socius.support.tax.models import TaxReport

logger = logging.getLogger(__name__)


@task()
def tax_report_build(report_id: int) -> None:
    """Build the report ``report_start`` created. A failure marks the report failed (the
    message names the error's type only: an exception text could carry data)."""
    from socius.support.tax.report import report_build

    report = TaxReport.objects.filter(pk=report_id, status=TaxReport.Status.BUILDING).first()
    if report is None:
        return
    try:
        report_build(report=report)
    except Exception as exc:
        logger.error("Tax report %s failed: %s", report_id, type(exc).__name__)
        TaxReport.objects.filter(pk=report_id).update(
            status=TaxReport.Status.FAILED, failure=type(exc).__name__
        )
        raise
