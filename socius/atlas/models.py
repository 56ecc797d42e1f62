"""Indicators and observations: the figures of the social atlas.

A figure is an ``Observation``: one indicator's value for one area (all Denmark ``000``, a
region or a municipality, by DST code) in one period, from one version of a source. A source
that changes a published value does not overwrite history: the replaced value moves to
``ObservationRevision`` and stays visible in the figure's history.

Rates keep their numerator and denominator when the source gives them, so an average over
several municipalities is the sum of numerators over the sum of denominators (as noegletal.dk
computes it), never a mean of rates. Area-level figures only: no person is ever stored here.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ALL_DENMARK = "000"


class Source(models.Model):
    """A publisher's data set that figures come from (a StatBank table, the health profile)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    # How the source asks to be cited ("Danmarks Statistik, StatBank FOLK1A").
    attribution = models.CharField(_("attribution"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title


class SourceVersion(models.Model):
    """One fetch or import of a source: when, from what bytes, and how many figures it gave."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="versions")
    fetched_at = models.DateTimeField(_("fetched at"))
    checksum = models.CharField(_("SHA-256 of the data"), max_length=64)
    # The file name or the StatBank request the data came from.
    origin = models.CharField(_("origin"), max_length=500, blank=True)
    observations_created = models.PositiveIntegerField(default=0)
    observations_revised = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fetched_at", "-pk"]
        verbose_name = _("source version")
        verbose_name_plural = _("source versions")

    def __str__(self) -> str:
        return f"{self.source} {self.fetched_at:%Y-%m-%d %H:%M}"


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    HIGHER_WORSE = "higher_worse", _("Higher is worse")
    NEUTRAL = "neutral", _("Neither better nor worse")


class Indicator(models.Model):
    """What a figure measures, with its definition and how to reproduce it from the source."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit (Danish)"), max_length=60)
    unit_en = models.CharField(_("unit (English)"), max_length=60, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    theme = models.ForeignKey(
        "core.Theme",
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    definition = models.TextField(_("definition (Danish)"), max_length=4000)
    definition_en = models.TextField(_("definition (English)"), max_length=4000, blank=True)
    # For a rate: what is counted over what ("børn 0–17 år i relativ fattigdom" over
    # "alle børn 0–17 år"). Empty for a count or an average the source computes.
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    # Figures are multiplied by this to show a rate: 100 for a per cent, 1000 for per 1,000.
    rate_scale = models.PositiveIntegerField(_("rate scale"), default=100)
    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.PROTECT, related_name="indicators"
    )
    # The StatBank table (FOLK1A) and the exact request body for /data that reproduces the
    # figures; empty where the source has no API (the health profile).
    source_table = models.CharField(_("source table"), max_length=40, blank=True)
    query = models.JSONField(_("query"), default=dict, blank=True)
    # Structural indicators (population, income, age, education) feed the "similar
    # municipalities" distance.
    is_structural = models.BooleanField(_("structural"), default=False)
    # A figure counting people is hidden when fewer than 5 are counted (small cells).
    counts_people = models.BooleanField(_("counts people"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("atlas:indicator-detail", args=[self.code])

    @property
    def label(self) -> str:
        """The title in the active language, falling back to Danish."""
        if get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def unit_label(self) -> str:
        if get_language() == "en" and self.unit_en:
            return self.unit_en
        return self.unit

    @property
    def definition_text(self) -> str:
        if get_language() == "en" and self.definition_en:
            return self.definition_en
        return self.definition


class AreaLevel(models.TextChoices):
    COUNTRY = "country", _("All Denmark")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")


class Status(models.TextChoices):
    """DST's markers: ``..`` no value (or confidential), ``-`` nothing counted (zero)."""

    VALUE = "value", _("Value")
    MISSING = "missing", _("No value")
    CONFIDENTIAL = "confidential", _("Confidential")
    ZERO = "zero", _("Nothing counted")


class Observation(models.Model):
    """The current figure for one indicator, area and period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    level = models.CharField(_("area level"), max_length=20, choices=AreaLevel.choices)
    # DST codes: "000" all Denmark, "1081"-"1085" regions, "101"-"860" municipalities.
    area_code = models.CharField(_("area code"), max_length=4)
    # As the source writes it: "2024", "2026K1", "2021-2025".
    period = models.CharField(_("period"), max_length=20)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VALUE
    )
    source_version = models.ForeignKey(
        SourceVersion, on_delete=models.PROTECT, related_name="observations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "level", "area_code", "period"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period"], name="atlas_observation_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(status="value", value__isnull=False)
                | (~models.Q(status="value") & models.Q(value__isnull=True)),
                name="atlas_observation_value_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["area_code", "indicator"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area_code} {self.period}"


class ObservationRevision(models.Model):
    """A value a source published and later changed: kept so the history shows both."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    # The version that published the replaced value, and the one that replaced it.
    source_version = models.ForeignKey(SourceVersion, on_delete=models.PROTECT, related_name="+")
    replaced_by = models.ForeignKey(SourceVersion, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observation", "-created_at", "-pk"]
        verbose_name = _("revised value")
        verbose_name_plural = _("revised values")

    def __str__(self) -> str:
        return f"{self.observation} (revised)"
