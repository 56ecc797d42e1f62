"""A municipality's contracts: who buys, what, for how much and for how long.

The contract is the hub of the procurement module: the rule engine (``procurement_rules``)
flags which clauses the law requires on it, the clause library (``procurement_clauses``)
attaches clauses and follows them up, OCDS (``procurement_ocds``) publishes it, and the
social-economy catalogue (``procurement_enterprises``) matches it with enterprises that can
deliver. Amounts are integers in øre, as everywhere on the platform.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A buying department of a municipality (for example "Teknik og Miljø")."""

    space = models.ForeignKey(
        "core.MunicipalSpace",
        on_delete=models.PROTECT,
        related_name="procurement_departments",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["space_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "slug"], name="procurement_department_slug_once_per_space"
            ),
        ]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class Contract(models.Model):
    """One procurement: from planning through tender and award to the end of the contract."""

    class Kind(models.TextChoices):
        WORKS = "works", _("Works")
        SERVICES = "services", _("Services")
        SUPPLIES = "supplies", _("Supplies")

    class Procedure(models.TextChoices):
        OPEN = "open", _("Open procedure")
        RESTRICTED = "restricted", _("Restricted procedure")
        COMPETITIVE_NEGOTIATION = (
            "competitive_negotiation",
            _("Competitive procedure with negotiation"),
        )
        COMPETITIVE_DIALOGUE = "competitive_dialogue", _("Competitive dialogue")
        INNOVATION_PARTNERSHIP = "innovation_partnership", _("Innovation partnership")
        NEGOTIATED_WITHOUT_NOTICE = (
            "negotiated_without_notice",
            _("Negotiated procedure without prior publication"),
        )
        LIGHT_REGIME = "light_regime", _("Light regime (social and other specific services)")
        BELOW_THRESHOLD = "below_threshold", _("Below the EU threshold")
        FRAMEWORK_CALL_OFF = "framework_call_off", _("Call-off from a framework agreement")
        DIRECT = "direct", _("Direct award")

    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        TENDER = "tender", _("In tender")
        AWARDED = "awarded", _("Awarded")
        ACTIVE = "active", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(
        "core.MunicipalSpace",
        on_delete=models.PROTECT,
        related_name="procurement_contracts",
        verbose_name=_("municipality"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("buying department"),
    )
    # The buyer's own case or contract number; imports match on it, so it is unique per space.
    reference = models.CharField(_("reference"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    # The main CPV 2008 code with its check digit, "45000000-7" (socius/procurement/cpv.py).
    cpv_code = models.CharField(_("CPV code"), max_length=10)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    estimated_value_ore = models.BigIntegerField(_("estimated value (øre)"))
    performed_in_denmark = models.BooleanField(_("performed in Denmark"), default=True)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    procedure = models.CharField(_("procedure"), max_length=32, choices=Procedure.choices)
    supplier = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurement_contracts",
        verbose_name=_("supplier"),
    )
    awarded_on = models.DateField(_("award date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["space_id", "-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space", "reference"], name="procurement_contract_reference_once"
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value_ore__gte=0),
                name="procurement_contract_value_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="procurement_contract_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["space", "status"], name="procurement_contract_status"),
            models.Index(fields=["cpv_code"], name="procurement_contract_cpv"),
        ]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procurement:contract-detail", args=[self.public_id])


class Lot(models.Model):
    """A part of a contract tendered on its own (udbudsloven § 49)."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="lots", verbose_name=_("contract")
    )
    number = models.PositiveSmallIntegerField(_("lot number"))
    title = models.CharField(_("title"), max_length=300)
    estimated_value_ore = models.BigIntegerField(_("estimated value (øre)"))
    cpv_code = models.CharField(_("CPV code"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"], name="procurement_lot_number_once"
            ),
            models.CheckConstraint(
                condition=models.Q(estimated_value_ore__gte=0),
                name="procurement_lot_value_not_negative",
            ),
        ]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class ContractImport(models.Model):
    """One CSV import of contracts: queued, run in the background, all or nothing.

    The decoded text is kept until the import has run so the task reads exactly what was
    uploaded; the report lists refused rows by line number and reason (never the cell text
    beyond what the reason quotes)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused: nothing imported")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    space = models.ForeignKey(
        "core.MunicipalSpace", on_delete=models.PROTECT, related_name="procurement_imports"
    )
    file_name = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("contract import")
        verbose_name_plural = _("contract imports")

    def __str__(self) -> str:
        return self.file_name or str(self.public_id)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)
