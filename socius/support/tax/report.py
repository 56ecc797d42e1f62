"""The yearly report to Skattestyrelsen (skatteindberetningsloven § 26; ligningsloven § 8 A and
§ 12, stk. 3): each donor's deductible total with the § 8 A cap applied, in the semicolon-
separated file Skattestyrelsen takes by file transfer ("Indberetning af oplysninger ved
filoverførsel"). Format and sources: docs/support.md; fields not confirmed from Skattestyrelsen's
own specification are marked UNVERIFIED there and below.

Threat model: the file must carry the donors' CPR numbers, so it is built in memory and stored
only sealed (``TaxReport.file_sealed``, purpose ``b"socius-cpr"``); the lines in the database
hold digests. The file is opened only for a treasurer's download, which is audited.

Speed: one GROUP BY over the ledger for the year, one read of the identities, one bulk insert;
10,000 donors build in well under a second (bench/support_tax_report.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.crypto import secret_open_text, secret_seal_text
from socius.support.payments.models import Purpose
from socius.support.tax.audit import (
    AUDIT_REPORT_BUILT,
    AUDIT_REPORT_DOWNLOADED,
    AUDIT_REPORT_STARTED,
    AUDIT_REPORT_SUBMITTED,
)
from socius.support.tax.caps import cap_for
from socius.support.tax.cpr import PURPOSE, cpr_open
from socius.support.tax.models import DonorIdentity, TaxReport, TaxReportLine
from socius.support.tax.selectors import capped, deductible_by_supporter, deductible_total

RECORD_START = "0001"
RECORD_GIFT = "2262"
RECORD_END = "9999"  # UNVERIFIED: the end record's number and fields
# UNVERIFIED: the code telling § 8 A gifts from § 12, stk. 3 payments (column F).
KIND_CODES: dict[str, str] = {TaxReportLine.Kind.GIFT: "1", TaxReportLine.Kind.COMMITMENT: "2"}
PROGRESS_EVERY = 1000


@transaction.atomic
def report_start(*, actor: Any, year: int, correction: bool = False) -> TaxReport:
    """A new report for ``year`` in state "building"; the task builds it after commit. When
    ``year`` already has a submitted (final) report a new one is only a correction: refused
    unless ``correction`` says so (ValidationError)."""
    from socius.support.tax.tasks import tax_report_build

    is_correction = TaxReport.objects.filter(year=year, status=TaxReport.Status.FINAL).exists()
    if is_correction and not correction:
        raise ValidationError(
            _(
                "The report for %(year)s is already submitted to Skattestyrelsen. Build a new "
                "one only to correct it: tick the box."
            ),
            params={"year": year},
            code="submitted",
        )
    report = TaxReport.objects.create(
        year=year,
        built_by=actor,
        cvr=settings.SUPPORT_TAX_CVR,
        cap_ore=cap_for(year).ore,
        correction=is_correction,
    )
    audit_record(
        actor=actor,
        action=AUDIT_REPORT_STARTED,
        target=report,
        data={"year": year, "correction": is_correction},
    )
    transaction.on_commit(lambda: tax_report_build.enqueue(report_id=report.pk))
    return report


def _delivery_number(report: TaxReport) -> str:
    """Nine digits, unique per file, not all zeros (skat.dk: "leverancenummer")."""
    return f"{report.year % 100:02d}{report.pk % 10_000_000:07d}"


def _amount_text(ore: int) -> str:
    # UNVERIFIED: the amount in whole kroner (øre dropped, never rounded up).
    return str(ore // 100)


def report_build(
    *, report: TaxReport, now: datetime.datetime | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> TaxReport:  # fmt: skip
    """Build ``report``: lines, totals and the sealed file. Progress is saved every
    ``PROGRESS_EVERY`` donors (outside the final transaction, so the page can show it)."""
    year = report.year
    cap = cap_for(year)
    sums = deductible_by_supporter(year=year)
    identities = dict(
        DonorIdentity.objects.filter(supporter__kind="person").values_list(
            "supporter_id", "cpr_digest"
        )
    )
    TaxReport.objects.filter(pk=report.pk).update(progress_total=len(sums), progress_done=0)
    lines: list[TaxReportLine] = []
    missing_donors, missing_ore = 0, 0
    for done, (supporter_id, by_purpose) in enumerate(sorted(sums.items()), start=1):
        digest = identities.get(supporter_id)
        if digest is None:
            missing_donors += 1
            missing_ore += sum(by_purpose.values())
        else:
            lines.extend(_lines_for(report, supporter_id, digest, by_purpose, cap.ore))
        if done % PROGRESS_EVERY == 0:
            TaxReport.objects.filter(pk=report.pk).update(progress_done=done)
            if progress is not None:
                progress(done, len(sums))
    with transaction.atomic():
        report.lines.all().delete()
        TaxReportLine.objects.bulk_create(lines, batch_size=2000)
        report.total_ore = deductible_total(year=year)
        report.reported_ore = sum(line.amount_ore for line in lines)
        report.capped_ore = sum(line.capped_amount_ore for line in lines)
        report.without_cpr_ore = missing_ore
        report.donors = len({line.supporter_id for line in lines})
        report.donors_without_cpr = missing_donors
        report.cap_ore = cap.ore
        report.cvr = settings.SUPPORT_TAX_CVR
        report.file_name = f"gaver-{year}-{_delivery_number(report)}.csv"
        report.file_sealed = secret_seal_text(_file_text(report, lines), purpose=PURPOSE)
        report.status = TaxReport.Status.DRAFT
        report.built_at = now or timezone.now()
        report.progress_done = report.progress_total = len(sums)
        report.save()
        audit_record(
            actor=report.built_by,
            action=AUDIT_REPORT_BUILT,
            target=report,
            data={"year": year, "donors": report.donors, "total_ore": report.total_ore},
        )
    if progress is not None:
        progress(len(sums), len(sums))
    return report


def _lines_for(
    report: TaxReport, supporter_id: int, digest: str, by_purpose: dict[str, int], cap_ore: int
) -> list[TaxReportLine]:
    lines = []
    gift = by_purpose.get(Purpose.GIFT, 0)
    commitment = by_purpose.get(Purpose.COMMITMENT, 0)
    if gift:
        lines.append(TaxReportLine(report=report, supporter_id=supporter_id, cpr_digest=digest,
                                   kind=TaxReportLine.Kind.GIFT, amount_ore=gift,
                                   capped_amount_ore=capped(gift, cap_ore)))  # fmt: skip
    if commitment:
        lines.append(TaxReportLine(report=report, supporter_id=supporter_id, cpr_digest=digest,
                                   kind=TaxReportLine.Kind.COMMITMENT, amount_ore=commitment,
                                   capped_amount_ore=max(commitment, 0)))  # fmt: skip
    return lines


def _file_text(report: TaxReport, lines: list[TaxReportLine]) -> str:
    """The file for Skattestyrelsen: start record, one record per donor and kind with an
    amount above 0, end record. Opens each CPR number in memory only."""
    sealed = dict(
        DonorIdentity.objects.filter(
            supporter_id__in={line.supporter_id for line in lines}
        ).values_list("supporter_id", "cpr_sealed")
    )
    name = settings.WAGTAIL_SITE_NAME[:35].replace(";", " ")
    rows = [f"{RECORD_START};{report.cvr};{_delivery_number(report)};{name}"]
    for line in lines:
        if line.capped_amount_ore < 100:
            continue
        cpr = cpr_open(sealed[line.supporter_id])
        rows.append(
            f"{RECORD_GIFT};{report.cvr};{cpr};{report.year};"
            f"{_amount_text(line.capped_amount_ore)};{KIND_CODES[line.kind]}"
        )
    rows.append(f"{RECORD_END};{report.cvr};{len(rows) + 1}")
    return "\r\n".join(rows) + "\r\n"


def report_submit(
    *, actor: Any, report: TaxReport, now: datetime.datetime | None = None
) -> TaxReport:
    """Mark a built draft as submitted ("Indberettet": the treasurer has uploaded its file to
    Skattestyrelsen). At most one final report per year (a DB constraint backs the check, so
    two treasurers clicking at once get one final report and one clear error)."""
    year_taken = ValidationError(
        _(
            "The report for %(year)s is already marked as submitted. Only one report per "
            "year can be marked so."
        ),
        params={"year": report.year},
        code="taken",
    )
    with transaction.atomic():
        report = TaxReport.objects.select_for_update().get(pk=report.pk)
        if report.status != TaxReport.Status.DRAFT:
            raise ValidationError(
                _("Only a built draft report can be marked as submitted."), code="status"
            )
        if TaxReport.objects.filter(year=report.year, status=TaxReport.Status.FINAL).exists():
            raise year_taken
        report.status = TaxReport.Status.FINAL
        report.submitted_at = now or timezone.now()
        report.submitted_by = actor if getattr(actor, "pk", None) else None
        try:
            with transaction.atomic():
                report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        except IntegrityError as exc:
            raise year_taken from exc
        audit_record(
            actor=actor,
            action=AUDIT_REPORT_SUBMITTED,
            target=report,
            data={"year": report.year, "correction": report.correction},
        )
    return report


@transaction.atomic
def report_file_open(*, actor: Any, report: TaxReport) -> str:
    """The report's file text, with the CPR numbers (the caller has checked the treasurer's
    capability). Audited: who downloaded which year's numbers."""
    audit_record(
        actor=actor, action=AUDIT_REPORT_DOWNLOADED, target=report, data={"year": report.year}
    )
    return secret_open_text(report.file_sealed, purpose=PURPOSE)
