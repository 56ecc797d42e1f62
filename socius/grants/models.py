"""Municipal grant pools (e.g. Serviceloven § 18), rounds, applications, reviews and decisions."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.grants.workflows import ApplicationState, RoundState


def budget_lines_total(lines: list[dict[str, Any]]) -> Decimal:
    """The sum of budget or spending lines as stored (``{"activity": ..., "amount": "1500.00"}``)."""
    return sum((Decimal(str(line.get("amount", 0))) for line in lines), Decimal(0))


class Aggregation(models.TextChoices):
    MEDIAN = "median", _("Median")
    MEAN = "mean", _("Mean")
    TRIMMED = "trimmed", _("Trimmed mean")


class Pool(models.Model):
    """A standing fund, e.g. "§ 18-midler"; it runs one round per application period."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    requires_cvr = models.BooleanField(_("CVR number required"), default=True)
    gates = models.JSONField(_("conditions checked"), default=list, blank=True)
    target_groups = models.JSONField(_("target groups in scope"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("grant pool")
        verbose_name_plural = _("grant pools")

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    """One application period of a pool, with its budget, rubric and form."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pool = models.ForeignKey(
        Pool, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("pool")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    state = models.CharField(
        _("state"), max_length=16, choices=RoundState.choices, default=RoundState.DRAFT
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    budget = models.DecimalField(
        _("budget (kr.)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(1))],
    )
    aggregation = models.CharField(
        _("score across reviewers"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.MEDIAN,
    )
    dispute_threshold = models.DecimalField(
        _("flag disagreement above (standard deviation)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
    )
    score_floor = models.DecimalField(
        _("lowest score that can be funded"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.50"),
    )
    cap_per_organisation = models.DecimalField(
        _("most one organisation can get (kr.)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    report_deadline = models.DateField(_("deadline for reporting back"))
    decision_body = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_at = models.DateField(_("decided on"), null=True, blank=True)
    minutes_url = models.URLField(_("link to the minutes"), blank=True)
    rubric_frozen_at = models.DateTimeField(_("rubric frozen at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="grants_round_closes_after_open",
            ),
        ]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("grants:round-detail", args=[self.slug])

    @staticmethod
    def default_report_deadline(closes_at: datetime.datetime) -> datetime.date:
        """Reporting back is due on 1 April the year after the round."""
        return datetime.date(closes_at.year + 1, 4, 1)


class Criterion(models.Model):
    """A weighted scoring criterion with anchored descriptions for 0-5; frozen when the round opens."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=60)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal(1))],
    )
    anchors = models.JSONField(_("what each score 0-5 means"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="grants_criterion_key_once")
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class ThemeMinimum(models.Model):
    """At least this share of the budget should go to a theme (a soft rule: shortfalls are reported)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="theme_minimums")
    theme = models.ForeignKey("core.Theme", on_delete=models.PROTECT)
    share = models.DecimalField(
        _("minimum share"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
    )

    class Meta:
        ordering = ["round_id", "theme_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "theme"], name="grants_theme_minimum_once")
        ]

    def __str__(self) -> str:
        return f"{self.theme_id}: {self.share}"


class FormField(models.Model):
    """A question on the round's application form, set up by staff."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        TEXTAREA = "textarea", _("Long text")
        NUMBER = "number", _("Whole number")
        YESNO = "yesno", _("Yes or no")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="form_fields")
    key = models.SlugField(max_length=60)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEXTAREA)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "key"], name="grants_formfield_key_once")
        ]

    def __str__(self) -> str:
        return self.label


class Application(models.Model):
    """An organisation's application in a round. The form is snapshotted on submission."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="grant_applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    title = models.CharField(_("title of the activity"), max_length=200)
    summary = models.TextField(_("what you will do"), max_length=5000)
    theme = models.ForeignKey("core.Theme", on_delete=models.PROTECT, verbose_name=_("main theme"))
    target_group = models.CharField(_("target group"), max_length=200)
    participants = models.PositiveIntegerField(_("people you expect to reach"))
    volunteers = models.PositiveIntegerField(_("volunteers taking part"))
    board_unpaid = models.BooleanField(_("the board is unpaid"), default=False)
    amount_requested = models.DecimalField(
        _("amount applied for (kr.)"), max_digits=14, decimal_places=2
    )
    minimum_amount = models.DecimalField(
        _("smallest amount that makes the activity possible (kr.)"), max_digits=14, decimal_places=2
    )
    budget_items = models.JSONField(_("budget per activity"), default=list)
    answers = models.JSONField(default=dict, blank=True)
    form_snapshot = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    locked_amount = models.DecimalField(
        _("amount locked by staff (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    granted_amount = models.DecimalField(
        _("amount granted (kr.)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=3000, blank=True)
    # When the reporting reminders went out, so running the reminder job twice sends nothing twice.
    report_reminded_before = models.DateTimeField(null=True, blank=True)
    report_reminded_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round_id", "-submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_amount__lte=models.F("amount_requested")),
                name="grants_application_minimum_within_request",
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_amount__gt=0), name="grants_application_amounts_positive"
            ),
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:application-detail", args=[self.public_id])


class GateCheck(models.Model):
    """Whether an application meets one of the pool's conditions. ``passed`` None = awaiting staff."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="gate_checks"
    )
    gate = models.CharField(max_length=40)
    passed = models.BooleanField(null=True)
    reason = models.TextField(max_length=2000, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "gate"], name="grants_gate_once")
        ]

    def __str__(self) -> str:
        return f"{self.gate}: {self.passed}"


class Message(models.Model):
    """A question from staff to the applicant, or the applicant's answer."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_staff = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.created_at:%Y-%m-%d}"


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application. A declared conflict of interest blocks it.

    A conflict that arises after the review was submitted (the reviewer declares it, or joins
    the applying organisation) marks the review excluded: its scores stay for the record but
    no longer count in the application's score or the allocation."""

    class Exclusion(models.TextChoices):
        CONFLICT = "conflict", _("conflict of interest declared")
        MEMBERSHIP = "membership", _("the reviewer joined the applying organisation")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_reviews"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("overall comment"), max_length=5000, blank=True)
    excluded_at = models.DateTimeField(_("excluded from the score"), null=True, blank=True)
    excluded_reason = models.CharField(
        _("why the score does not count"), max_length=16, choices=Exclusion.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="grants_review_once")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} on {self.application_id}"


class ConflictOfInterest(models.Model):
    """A reviewer's declared conflict with an organisation: they are never assigned its applications."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewer_id", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "organisation"], name="grants_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id} x {self.organisation_id}"


class Score(models.Model):
    """One reviewer's score on one criterion: 0-5, or None for "not applicable"."""

    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["assignment_id", "criterion__position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="grants_score_once"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=5),
                name="grants_score_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"


class AllocationRun(models.Model):
    """One run of the optimiser, kept with its inputs and result so every proposal can be explained."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="allocation_runs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    inputs = models.JSONField()
    result = models.JSONField()
    objective = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.round_id}"


class Report(models.Model):
    """Reporting back (afrapportering) on a granted application."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="report")
    activities = models.TextField(_("what you did"), max_length=5000)
    people_reached = models.PositiveIntegerField(_("people reached"))
    spending_items = models.JSONField(_("spending"), default=list)
    amount_spent = models.DecimalField(_("amount spent (kr.)"), max_digits=14, decimal_places=2)
    auditor_name = models.CharField(
        _("auditor who signed the accounts"), max_length=200, blank=True
    )
    repaid_amount = models.DecimalField(
        _("unused amount to repay (kr.)"), max_digits=14, decimal_places=2, default=Decimal(0)
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"report on {self.application_id}"
