"""The tax deduction (ligningsloven § 8 A and § 12, stk. 3; docs/support.md).

- ``DonorIdentity``: a donor's CPR number, given once for the deduction. Only the sealed value
  (``socius.core.crypto``, purpose ``b"socius-cpr"``) and a keyed digest (to find the same
  number given by two supporters) are stored; the number itself is in no column.
- ``Commitment``: a § 12, stk. 3 agreement for at least ten years, paid as one yearly gift,
  with the agreement text as the donor accepted it and the platform's Ed25519 signature over it.
- ``TaxReport`` / ``TaxReportLine``: the yearly report to Skattestyrelsen. Lines hold the
  digest, never the number; the file for Skattestyrelsen (which must carry the numbers) is
  kept sealed and opened only for the treasurer's download.
- ``AnnualStatement``: the yearly statement sent to a donor, once per supporter and year.

Money is in whole øre (integers).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CPR_PURPOSE = b"socius-cpr"


class DonorIdentity(models.Model):
    """A person's CPR number for the tax deduction, sealed at rest (see the module)."""

    class Source(models.TextChoices):
        MITID = "mitid", _("MitID")
        FORM = "form", _("Typed in by the donor")

    supporter = models.OneToOneField(
        "support.Supporter", on_delete=models.CASCADE, related_name="donor_identity"
    )
    cpr_sealed = models.TextField()
    cpr_digest = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=5, choices=Source.choices)
    given_at = models.DateTimeField()
    consent_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-given_at", "pk"]
        verbose_name = _("donor identity")
        verbose_name_plural = _("donor identities")

    def __str__(self) -> str:
        # Never the number, not even in the admin or a traceback.
        return f"CPR ({self.get_source_display()}) #{self.pk}"


class Commitment(models.Model):
    """A § 12, stk. 3 commitment: a yearly amount for at least ten years, no counter-
    performance. ``gift`` is the yearly gift (purpose COMMITMENT) it is paid through."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    supporter = models.ForeignKey(
        "support.Supporter", on_delete=models.PROTECT, related_name="commitments"
    )
    gift = models.OneToOneField("support.Gift", on_delete=models.PROTECT, related_name="commitment")
    yearly_amount_ore = models.PositiveBigIntegerField(
        _("yearly amount (øre)"), validators=[MinValueValidator(100)]
    )
    first_year = models.PositiveSmallIntegerField(_("first year"))
    years = models.PositiveSmallIntegerField(_("number of years"), default=10)
    agreement_version = models.CharField(max_length=20)
    agreement_text = models.TextField()
    # The canonical JSON the platform signed, and the signature (hex) with the key's id.
    signed_payload = models.TextField()
    signature = models.CharField(max_length=128)
    signing_key_id = models.CharField(max_length=16)
    accepted_at = models.DateTimeField(_("accepted"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # How the donor pays (a payments Provider code; "" when no provider was enabled).
    provider = models.CharField(max_length=10, blank=True, default="")
    # When the yearly gift's mandate stopped or the gift was cancelled: no more payments.
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-accepted_at", "pk"]
        verbose_name = _("ten-year commitment")
        verbose_name_plural = _("ten-year commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(years__gte=10), name="support_tax_commitment_ten_years"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supporter}: {self.yearly_amount_ore} øre × {self.years}"

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1


class TaxReport(models.Model):
    """One year's report to Skattestyrelsen. ``file_sealed`` is the file as sent (it holds
    CPR numbers), sealed like a DonorIdentity."""

    class Status(models.TextChoices):
        BUILDING = "building", _("Being built")
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Submitted")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("income year"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.BUILDING)
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    built_at = models.DateTimeField(null=True, blank=True)
    cvr = models.CharField(max_length=8, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    donors = models.PositiveIntegerField(default=0)
    donors_without_cpr = models.PositiveIntegerField(default=0)
    # All deductible money in the ledger for the year; what the lines report before and after
    # the cap; what donors without a CPR number gave (not reportable).
    total_ore = models.BigIntegerField(default=0)
    reported_ore = models.BigIntegerField(default=0)
    capped_ore = models.BigIntegerField(default=0)
    without_cpr_ore = models.BigIntegerField(default=0)
    cap_ore = models.BigIntegerField(default=0)
    file_name = models.CharField(max_length=100, blank=True)
    file_sealed = models.TextField(blank=True)
    failure = models.CharField(max_length=300, blank=True)
    # A new report for a year that already has a final one: a correction.
    correction = models.BooleanField(default=False)
    # "Indberettet": the treasurer uploaded the file to Skattestyrelsen (status FINAL).
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-created_at", "pk"]
        verbose_name = _("tax report")
        verbose_name_plural = _("tax reports")
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(status="final"), name="support_tax_report_one_final"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} ({self.status})"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status != self.Status.BUILDING else 0
        return min(100, self.progress_done * 100 // self.progress_total)


class TaxReportLine(models.Model):
    """One donor's deductible total of one kind in a report (the digest, never the number)."""

    class Kind(models.TextChoices):
        GIFT = "8a", _("Gift (ligningsloven § 8 A)")
        COMMITMENT = "12-3", _("Commitment (ligningsloven § 12, stk. 3)")

    report = models.ForeignKey(TaxReport, on_delete=models.CASCADE, related_name="lines")
    supporter = models.ForeignKey(
        "support.Supporter", on_delete=models.PROTECT, related_name="tax_report_lines"
    )
    cpr_digest = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    amount_ore = models.BigIntegerField()
    capped_amount_ore = models.BigIntegerField()

    class Meta:
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "supporter", "kind"], name="support_tax_line_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.supporter_id} {self.kind}"


class AnnualStatement(models.Model):
    """The statement a donor got for one year: sent once per supporter and year."""

    supporter = models.ForeignKey(
        "support.Supporter", on_delete=models.PROTECT, related_name="annual_statements"
    )
    year = models.PositiveSmallIntegerField()
    amount_ore = models.BigIntegerField()
    capped_ore = models.BigIntegerField(default=0)
    commitment_ore = models.BigIntegerField(default=0)
    had_cpr = models.BooleanField(default=False)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["supporter", "year"], name="support_tax_statement_once")
        ]

    def __str__(self) -> str:
        return f"{self.supporter_id} {self.year}"
