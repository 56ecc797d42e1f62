"""De-identified outcome records and what was released from them.

An ``OutcomeRecord`` is one plan's outcomes as numbers only: the municipality it counts for,
the quarter the plan started, and per life domain the citizen's first and latest score on the
1-10 ladder and how many goals in that domain are rated and at the expected level (GAS 0) or
above. It is keyed by the plan's random ``outcome_id`` (kept sealed in the plan's meta), never
by the plan's row or the person: the record cannot be joined back to a plan without opening
the plan. It holds no text.

A ``Release`` is one table computed from the records of one municipality and period with
differentially private noise and small-cell suppression; ``BudgetEntry`` is the ledger of
the privacy budget (epsilon) spent per municipality and cohort year.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutcomeRecord(models.Model):
    """One plan's outcomes, without the plan (see the module's docstring)."""

    outcome_id = models.CharField(max_length=32, unique=True)
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    # The platform's themes the citizen said the plan is about (none: counted under no theme).
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality_id", "year", "quarter", "id"]
        indexes = [
            models.Index(fields=["municipality", "year", "quarter"], name="outcomes_rec_period")
        ]

    def __str__(self) -> str:
        return f"outcome record {self.pk}"


class OutcomeDomain(models.Model):
    """A record's numbers for one life domain (a ``plans.Domain`` value)."""

    record = models.ForeignKey(OutcomeRecord, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=16)
    # The citizen's first and latest score on the ladder (null: the domain is not rated).
    first_score = models.PositiveSmallIntegerField(null=True)
    latest_score = models.PositiveSmallIntegerField(null=True)
    goals_rated = models.PositiveSmallIntegerField(default=0)
    # Goals whose latest GAS score is 0 (the expected outcome) or above.
    goals_reached = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["record_id", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["record", "domain"], name="outcomes_domain_once")
        ]

    def __str__(self) -> str:
        return f"{self.domain} of record {self.record_id}"


class Table(models.TextChoices):
    """The tables a municipality may release: rows are life domains, columns a partition of
    the people counted in the row (so row and column totals exist)."""

    DOMAIN_CHANGE = "domain_change", _("Change in life domains")
    GOALS = "goals", _("Goals at the expected level")


class Release(models.Model):
    """One released table: noisy counts per cell, suppressed cells as ``None``."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Released")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    table = models.CharField(max_length=16, choices=Table.choices)
    year = models.PositiveSmallIntegerField()
    # Null: the whole year.
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    # Null: every plan; else only plans about this theme.
    theme = models.ForeignKey(
        "core.Theme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    epsilon = models.FloatField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # {"rows": [...], "columns": [...], "cells": [[int|None, ...], ...], "row_totals": [...],
    #  "column_totals": [...], "total": int, "scale": float, "sensitivity": int}
    result = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return f"release {self.public_id}"

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))


class BudgetEntry(models.Model):
    """Epsilon spent on one release, charged to the municipality's cohort year (the year the
    counted plans started): the releases about the same people add up against one cap."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    release = models.OneToOneField(Release, on_delete=models.PROTECT, related_name="budget_entry")
    epsilon = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality_id", "year", "created_at"]
        verbose_name = _("budget entry")
        verbose_name_plural = _("budget entries")

    def __str__(self) -> str:
        return f"{self.epsilon} of {self.year}"
