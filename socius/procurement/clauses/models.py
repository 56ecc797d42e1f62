"""Social clauses: the library, the clauses on contracts and their follow-up.

A ``Clause`` is a kind of clause (the training clause, the ILO 94 labour clause, ...); its
text and legal basis live in ``ClauseVersion`` rows, which are never rewritten: a change is a
new version, and a contract keeps the version it was agreed with. A ``ContractClause`` is one
clause on one contract with the parameter values the buyer set; it becomes ``Obligation``
rows, one per reporting period with its targets. The supplier files one ``SupplierReport`` per
obligation (counts only, never names) with ``Evidence`` documents; the buyer approves it or
raises a ``NonConformity`` with a remedy, a deadline and, where the contract allows, a sanction.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    TRAINING = "training", _("Training clause")
    LABOUR = "labour", _("Labour clause (ILO 94)")
    SOCIAL_EMPLOYMENT = "social_employment", _("Employment of people outside the labour market")
    RESERVED = "reserved", _("Reserved contract")


class ParameterKind(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Number with decimals")
    PERCENT = "percent", _("Percentage")
    TEXT = "text", _("Text")


class Clause(models.Model):
    """A clause in the library; its wording is in its versions."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("procurement_clauses:clause-detail", args=[self.slug])


class ClauseVersion(models.Model):
    """One wording of a clause. Never changed once saved: a change is a new version."""

    clause = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="versions", verbose_name=_("clause")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    legal_basis = models.TextField(_("legal basis"), max_length=2000)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    text = models.TextField(_("clause text"), max_length=20000)
    # [{"key": "trainees_per_million", "label": "...", "unit": "...", "kind": "decimal",
    #   "min": 0, "max": 100, "required": false}, ...]; see ``parameters_check``.
    parameters = models.JSONField(_("parameters"), default=list, blank=True)
    follow_up = models.TextField(_("how it is followed up"), max_length=4000)
    report_every_months = models.PositiveSmallIntegerField(_("report every (months)"), default=12)
    valid_from = models.DateField(_("valid from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["clause_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "number"], name="procurement_clause_version_once"
            ),
            models.CheckConstraint(
                condition=models.Q(report_every_months__gte=1, report_every_months__lte=24),
                name="procurement_clause_version_report_interval",
            ),
        ]
        verbose_name = _("clause version")
        verbose_name_plural = _("clause versions")

    def __str__(self) -> str:
        return f"{self.clause.name} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # History is evidence of what a contract agreed to: an existing version never changes.
        if self.pk is not None and not self._state.adding:
            raise ValueError("A clause version is never changed; create a new version.")
        super().save(*args, **kwargs)


class ContractClause(models.Model):
    """A clause on a contract, with the parameter values the buyer set."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(
        "procurement.Contract",
        on_delete=models.CASCADE,
        related_name="clauses",
        verbose_name=_("contract"),
    )
    version = models.ForeignKey(
        ClauseVersion,
        on_delete=models.PROTECT,
        related_name="contract_clauses",
        verbose_name=_("clause version"),
    )
    # Denormalised from the version so "which categories does this contract carry" is one
    # indexed query (the rule engine asks for thousands of contracts).
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    values = models.JSONField(_("parameter values"), default=dict, blank=True)
    sanctions_agreed = models.BooleanField(_("the contract allows sanctions"), default=False)
    sanction_terms = models.TextField(_("sanction terms"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract_id", "category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "category"], name="procurement_contract_clause_once"
            ),
        ]
        indexes = [models.Index(fields=["category"], name="procurement_cc_category")]
        verbose_name = _("clause on a contract")
        verbose_name_plural = _("clauses on contracts")

    def __str__(self) -> str:
        return f"{self.contract_id}: {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("procurement_clauses:outcome", args=[self.public_id])


class Obligation(models.Model):
    """One reporting period of a clause on a contract, with its targets."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract_clause = models.ForeignKey(
        ContractClause,
        on_delete=models.CASCADE,
        related_name="obligations",
        verbose_name=_("clause on a contract"),
    )
    number = models.PositiveSmallIntegerField(_("period"))
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    due_on = models.DateField(_("report due"))
    target_trainees = models.PositiveIntegerField(_("trainees"), null=True, blank=True)
    target_employed = models.PositiveIntegerField(_("people employed"), null=True, blank=True)
    target_share_percent = models.PositiveSmallIntegerField(
        _("share in per cent"), null=True, blank=True
    )
    requires_conditions = models.BooleanField(_("pay and conditions documented"), default=False)
    # The last day a reminder went out, so the daily command reminds once a week at most.
    reminded_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract_clause_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract_clause", "number"], name="procurement_obligation_period_once"
            ),
            models.UniqueConstraint(
                fields=["contract_clause", "starts_on"], name="procurement_obligation_start_once"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="procurement_obligation_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["due_on"], name="procurement_obligation_due")]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")

    def __str__(self) -> str:
        return f"{self.contract_clause_id} #{self.number}"


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    NON_CONFORMING = "non_conforming", _("Non-conformity raised")


class SupplierReport(models.Model):
    """The supplier's report for one period: counts, never names."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One report per period: a second report for the same period is refused.
    obligation = models.OneToOneField(
        Obligation, on_delete=models.CASCADE, related_name="report", verbose_name=_("period")
    )
    trainees = models.PositiveIntegerField(_("trainees in the period"), null=True, blank=True)
    employed = models.PositiveIntegerField(_("people employed"), null=True, blank=True)
    share_percent = models.PositiveSmallIntegerField(_("share in per cent"), null=True, blank=True)
    conditions_met = models.BooleanField(_("pay and conditions met"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share_percent__isnull=True) | models.Q(share_percent__lte=100),
                name="procurement_report_share_at_most_100",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="procurement_report_status")]
        verbose_name = _("supplier report")
        verbose_name_plural = _("supplier reports")

    def __str__(self) -> str:
        return str(self.public_id)


def _evidence_path(instance: Evidence, filename: str) -> str:
    # The supplier's file name never reaches the disk: a random name with the checked suffix.
    return f"procurement/evidence/{uuid.uuid4().hex}.{instance.extension}"


class Evidence(models.Model):
    """A document behind a report (PDF, picture or office file), checked before it is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(
        SupplierReport, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("report")
    )
    file = models.FileField(upload_to=_evidence_path, max_length=300)
    extension = models.CharField(max_length=8)
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "created_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title


class NonConformity(models.Model):
    """The buyer's finding that a report does not meet the clause, and what must happen."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.OneToOneField(
        SupplierReport,
        on_delete=models.CASCADE,
        related_name="non_conformity",
        verbose_name=_("report"),
    )
    finding = models.TextField(_("what is wrong"), max_length=4000)
    remedy = models.TextField(_("remedy"), max_length=4000)
    remedy_due_on = models.DateField(_("remedy deadline"))
    sanction_ore = models.BigIntegerField(_("sanction (øre)"), null=True, blank=True)
    sanction_note = models.TextField(_("sanction"), max_length=2000, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    raised_at = models.DateTimeField()
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(_("how it was resolved"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-raised_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sanction_ore__isnull=True) | models.Q(sanction_ore__gte=0),
                name="procurement_nonconformity_sanction_not_negative",
            ),
        ]
        verbose_name = _("non-conformity")
        verbose_name_plural = _("non-conformities")

    def __str__(self) -> str:
        return str(self.public_id)
