"""A municipality's programme for social sustainability.

A programme holds commitments (the demo's nine points), each with actions (owner, budget,
period, milestones, a status whose every change carries a reason) and measures (an atlas
indicator for the municipality with a baseline and a target). The platform's activity on a
commitment (grant rounds, events, proposals, conversations, procurement clauses, released
plan outcomes) is gathered by the commitment's themes and by links an editor adds.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="programmes"
    )
    slug = models.SlugField(_("short name"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), max_length=3000, blank=True)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    adopted_on = models.DateField(_("adopted by the council on"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="programme_slug"),
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField(_("number"))
    slug = models.SlugField(_("short name"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("in plain words"), max_length=3000)
    owner_department = models.CharField(_("responsible department"), max_length=160)
    committee = models.CharField(_("political committee"), max_length=160, blank=True)
    themes = models.ManyToManyField("core.Theme", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programme_commit_no"),
            models.UniqueConstraint(fields=["programme", "slug"], name="programme_commit_slug"),
        ]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    STOPPED = "stopped", _("Stopped")


class Action(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("in plain words"), max_length=3000, blank=True)
    owner = models.CharField(_("owner"), max_length=160)
    budget_kr = models.PositiveBigIntegerField(_("budget (kr.)"), null=True, blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    status_reason = models.CharField(_("reason for the status"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commitment", "starts_on", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme:action-detail", args=[self.public_id])


class StatusChange(models.Model):
    """Every change of an action's status, with its reason (the history "what changed")."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_changes")
    old = models.CharField(max_length=10, choices=ActionStatus.choices)
    new = models.CharField(max_length=10, choices=ActionStatus.choices)
    reason = models.CharField(_("reason"), max_length=500)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.old} -> {self.new}"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("reached"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Measure(models.Model):
    """An atlas indicator for the programme's municipality, with a baseline and a target."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="measures")
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    indicator_code = models.CharField(_("atlas indicator"), max_length=60)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=3)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=3)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.DOWN
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["commitment", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.indicator_code

    def get_absolute_url(self) -> str:
        return reverse("programme:measure-detail", args=[self.public_id])


class ActivityLink(models.Model):
    """Activity on the platform an editor tied to a commitment by hand (beyond its themes):
    a thread step kind and key (a grant round, an event, a proposal, a conversation, a
    procurement contract)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "kind", "key"], name="programme_link"),
        ]
        verbose_name = _("activity link")
        verbose_name_plural = _("activity links")

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


class Report(models.Model):
    """A yearly programme report as generated (HTML and PDF), kept as published."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    html = models.TextField()
    pdf = models.BinaryField()
    generated_at = models.DateTimeField(auto_now_add=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_report_year"),
        ]
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year}"
