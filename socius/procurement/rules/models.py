"""Rules as data: which clauses the law requires on a contract, and the EU thresholds they use.

History is never rewritten. A rule changes by a new version with a later ``valid_from``; a
threshold changes by a new period after the last one. An assessment is recomputed from the
contract's facts and the rules valid on the contract's relevant date (see ``engine.py``); a
"follow or explain" decision is appended, and the newest one for a contract and rule counts.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReasonKind(models.TextChoices):
    """Why a required clause may be left out (udbudsloven § 176, stk. 2: "follow or explain")."""

    SAFETY = "safety", _("Safety")
    UNSUITABILITY = "unsuitability", _("The contract is unsuitable for the clause")
    OTHER_LAW = "other_law", _("Other law rules it out")


class EuThreshold(models.Model):
    """An EU threshold for one kind of contract in one period, in kroner (øre) and in euro."""

    class AppliesTo(models.TextChoices):
        WORKS = "works", _("Works contracts")
        SUPPLIES_SERVICES = (
            "supplies_services",
            _("Supplies and services (regional and municipal authorities)"),
        )
        SOCIAL_SERVICES = "social_services", _("Social and other specific services")

    applies_to = models.CharField(_("applies to"), max_length=24, choices=AppliesTo.choices)
    amount_ore = models.BigIntegerField(_("amount in kroner (øre)"))
    amount_eur = models.BigIntegerField(_("amount in euro"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    eu_source = models.CharField(_("EU source"), max_length=300)
    dk_source = models.CharField(_("Danish source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=300)
    # False when the kroner figure was computed from the euro figure rather than read in the
    # Commission's communication or the Danish announcement; the rules page says so.
    figure_verified = models.BooleanField(_("figure checked against the source"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-valid_from", "applies_to"]
        constraints = [
            models.UniqueConstraint(
                fields=["applies_to", "valid_from"], name="procurement_threshold_once_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="procurement_threshold_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_ore__gt=0) & models.Q(amount_eur__gt=0),
                name="procurement_threshold_positive",
            ),
        ]
        verbose_name = _("EU threshold")
        verbose_name_plural = _("EU thresholds")

    def __str__(self) -> str:
        return f"{self.get_applies_to_display()} {self.valid_from}-{self.valid_to}"


class Rule(models.Model):
    """One version of a rule: when a clause category is required, by which law, from when.

    ``conditions`` is a list of ``{"fact": ..., "op": ..., "value": ...}``, all of which must
    hold (``engine.CONDITION_OPS`` lists the facts and operators)."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=3000)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    conditions = models.JSONField(_("conditions"), default=list)
    # A value of procurement_clauses' Clause.Category ("training", "labour", ...).
    clause_category = models.CharField(_("required clause category"), max_length=32)
    follow_or_explain = models.BooleanField(_("follow or explain applies"), default=True)
    explain_reasons = models.JSONField(_("reasons that may explain the clause away"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="procurement_rule_version"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="procurement_rule_ends_after_start",
            ),
        ]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Assessment(models.Model):
    """The engine's verdict on one contract and one rule, refreshed when the contract changes."""

    contract = models.ForeignKey(
        "procurement.Contract", on_delete=models.CASCADE, related_name="rule_assessments"
    )
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="assessments")
    # The rule's code, so "this contract and this rule" is one row whatever the version.
    code = models.SlugField(max_length=60)
    required = models.BooleanField(default=False)
    # The conditions checked, each ``[fact, op, held, limit]`` (``engine.Check``); the text
    # people read is built from them in the active language (``selectors.reason_texts``).
    reasons = models.JSONField(default=list)
    assessed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract_id", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "code"], name="procurement_assessment_once"
            ),
        ]
        indexes = [models.Index(fields=["code", "required"], name="procurement_assess_required")]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.contract_id} {self.code} {self.required}"


class ClauseDecision(models.Model):
    """ "Follow or explain": the buyer's decision on a required clause. Appended, never edited;
    the newest decision for a contract and rule code counts."""

    class Decision(models.TextChoices):
        FOLLOW = "follow", _("The clause will be used")
        EXPLAIN = "explain", _("The clause is left out, with an explanation")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(
        "procurement.Contract", on_delete=models.CASCADE, related_name="clause_decisions"
    )
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="decisions")
    code = models.SlugField(max_length=60)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason_kind = models.CharField(
        _("reason"), max_length=16, choices=ReasonKind.choices, blank=True
    )
    explanation = models.TextField(_("explanation"), max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["contract_id", "code", "-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="explain") | ~models.Q(reason_kind=""),
                name="procurement_decision_explained_with_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["contract", "code", "-decided_at"], name="procurement_decision_latest"
            )
        ]
        verbose_name = _("follow or explain decision")
        verbose_name_plural = _("follow or explain decisions")

    def __str__(self) -> str:
        return f"{self.contract_id} {self.code} {self.decision}"
