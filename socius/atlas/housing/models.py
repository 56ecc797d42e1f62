"""Housing areas and their lists (almenboligloven § 61 a and § 61 b), segregation by income,
initiatives, and intergenerational housing.

Area level only: every figure here describes an area or a municipality, never a person. The
one model about people is ``HousingInterest`` (a person's own interest in intergenerational
housing), which is in the personal-data export and erased with the account.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socius.atlas.housing.calculator import Status as CalculatorStatus

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class ListStatus(models.TextChoices):
    """The calculator's statuses with their names on the pages."""

    NONE = CalculatorStatus.NONE.value, _("Not on a list")
    FOREBYGGELSE = CalculatorStatus.FOREBYGGELSE.value, _("Prevention area (§ 61 b)")
    UDSAT = CalculatorStatus.UDSAT.value, _("Vulnerable housing area (§ 61 a)")
    PARALLELSAMFUND = CalculatorStatus.PARALLELSAMFUND.value, _("Parallel society (§ 61 a)")
    OMDANNELSE = CalculatorStatus.OMDANNELSE.value, _("Transformation area (§ 61 a)")


class RuleSet(models.Model):
    """The rules of one year's lists, as data (``rules.rule_set_parse`` reads ``definition``)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    definition = models.JSONField(_("definition"))
    legal_reference = models.CharField(_("legal reference"), max_length=500)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    # What must still be checked against the law text before the rule set is relied on.
    verification_note = models.TextField(_("to be verified"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return str(self.year)


class HousingArea(models.Model):
    """A social-housing area: the housing departments as they were in 2010."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=220, unique=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="housing_areas",
    )
    housing_organisation = models.CharField(_("housing organisation"), max_length=200)
    departments = models.TextField(
        _("housing departments"), max_length=4000, blank=True, help_text=_("One per line.")
    )
    description = models.TextField(_("description"), max_length=4000, blank=True)
    # Demo areas carry made-up figures and say so on every page that shows them.
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("housing area")
        verbose_name_plural = _("housing areas")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("housing:area-detail", args=[self.slug])

    @property
    def department_list(self) -> list[str]:
        return [line.strip() for line in self.departments.splitlines() if line.strip()]


def _pct(name: Any, *, max_value: Decimal = HUNDRED, places: int = 2) -> Any:
    return models.DecimalField(
        name,
        max_digits=places + 4,
        decimal_places=places,
        validators=[MinValueValidator(ZERO), MaxValueValidator(max_value)],
    )


class AreaYear(models.Model):
    """One area's figures for one list year (each a 2-year average where the law says so),
    and the status the calculator gave them under that year's rule set."""

    area = models.ForeignKey(HousingArea, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("list year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    residents = models.PositiveIntegerField(
        _("residents"), validators=[MaxValueValidator(1_000_000)]
    )
    outside_work_pct = _pct(_("18–64-year-olds outside work or education (%)"))
    # Convictions: the area's share of residents convicted and the national share, both in %
    # with three decimals, so "at least 3 times" is compared exactly (calculator.py).
    convicted_pct = _pct(_("residents convicted (%)"), places=3)
    national_convicted_pct = _pct(_("convicted in all Denmark (%)"), places=3)
    basic_schooling_pct = _pct(_("30–59-year-olds with only basic schooling (%)"))
    # Above 100 % in an area richer than its region.
    income_pct_of_region = _pct(
        # xgettext:no-python-format
        _("mean gross income of 15–64-year-olds as % of the region's"),
        max_value=Decimal("999.99"),
    )
    non_western_pct = _pct(_("non-Western immigrants and descendants (%)"))
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    # Computed by services.area_status_recompute; empty when the year has no rule set.
    status = models.CharField(
        _("status"), max_length=20, choices=ListStatus.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area", "-year"]
        verbose_name = _("area year")
        verbose_name_plural = _("area years")
        constraints = [
            models.UniqueConstraint(fields=["area", "year"], name="housing_areayear_unique"),
            models.CheckConstraint(
                condition=models.Q(outside_work_pct__gte=0, outside_work_pct__lte=100)
                & models.Q(convicted_pct__gte=0, convicted_pct__lte=100)
                & models.Q(national_convicted_pct__gt=0, national_convicted_pct__lte=100)
                & models.Q(basic_schooling_pct__gte=0, basic_schooling_pct__lte=100)
                & models.Q(income_pct_of_region__gte=0)
                & models.Q(non_western_pct__gte=0, non_western_pct__lte=100),
                name="housing_areayear_ranges",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}"


class InitiativeKind(models.TextChoices):
    MIXED_HOUSING = "mixed_housing", _("Mixed housing")
    DEVELOPMENT_PLAN = "development_plan", _("Social housing plan (udviklingsplan)")
    COMMUNITY_WORK = "community_work", _("Community work (boligsocial indsats)")
    OTHER = "other", _("Other")


class Initiative(models.Model):
    """Something done in an area against segregation or deprivation, with its budget."""

    area = models.ForeignKey(HousingArea, on_delete=models.CASCADE, related_name="initiatives")
    kind = models.CharField(_("kind"), max_length=30, choices=InitiativeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    # Kroner with øre (socius.core.money); empty when the budget is not public.
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    outcome = models.TextField(_("outcome so far"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area", "-starts_on", "title"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="housing_initiative_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutcomeMeasure(models.Model):
    """What an initiative aims to move: an atlas indicator, from a baseline to a target."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="measures")
    indicator = models.ForeignKey(
        "atlas.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="housing_measures",
    )
    baseline = models.DecimalField(_("baseline"), max_digits=20, decimal_places=6)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=6)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "pk"]
        verbose_name = _("outcome measure")
        verbose_name_plural = _("outcome measures")

    def __str__(self) -> str:
        return f"{self.initiative}: {self.indicator_id}"


class IncomeImport(models.Model):
    """One municipality's income quintile counts per area for one year, as imported."""

    municipality = models.ForeignKey(
        "core.Municipality", on_delete=models.PROTECT, related_name="income_imports"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(_("source"), max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    rows_accepted = models.PositiveIntegerField(default=0)
    # [{"line": 7, "reason": "..."}]: what the import refused, shown to the importer.
    refused = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("income import")
        verbose_name_plural = _("income imports")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"], name="housing_incomeimport_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}"


class IncomeArea(models.Model):
    """One area's residents in the municipality's lowest and highest income quintiles."""

    income_import = models.ForeignKey(IncomeImport, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("area code"), max_length=40)
    name = models.CharField(_("area"), max_length=200)
    lowest = models.PositiveIntegerField(_("residents in the lowest quintile"))
    highest = models.PositiveIntegerField(_("residents in the highest quintile"))
    residents = models.PositiveIntegerField(_("residents"))

    class Meta:
        ordering = ["income_import", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["income_import", "code"], name="housing_incomearea_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(residents__gte=models.F("lowest") + models.F("highest")),
                name="housing_incomearea_sum",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Group(models.TextChoices):
    """Who an intergenerational project houses, and who a person counts themselves among."""

    ELDERLY = "elderly", _("Older people")
    YOUNG = "young", _("Young people")
    FAMILIES = "families", _("Families with children")
    DISABLED = "disabled", _("People with disabilities")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for applications")
    FULL = "full", _("Full")


class IntergenerationalProject(models.Model):
    """A housing organisation's intergenerational housing (young and old in one building).

    The organisation allocates the homes itself: Socius shows the project, tells interested
    people when it opens, and shows the organisation its demand as counts."""

    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("housing organisation"),
        on_delete=models.PROTECT,
        related_name="intergenerational_projects",
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    municipality = models.ForeignKey(
        "core.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="intergenerational_projects",
    )
    description = models.TextField(_("description"), max_length=4000)
    homes = models.PositiveIntegerField(
        _("homes"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    groups = models.JSONField(_("for"), default=list)
    opening_year = models.PositiveSmallIntegerField(
        _("year it opens or opened"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    # Where to apply: the housing organisation's own page (allocation stays with it).
    apply_url = models.URLField(_("where to apply"), max_length=500, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name", "name"]
        verbose_name = _("intergenerational project")
        verbose_name_plural = _("intergenerational projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("housing:project-detail", args=[self.slug])

    @property
    def group_labels(self) -> list[Any]:
        return [Group(g).label for g in self.groups if g in Group.values]


class AgeGroup(models.TextChoices):
    UNDER_25 = "u25", _("Under 25")
    FROM_25 = "25-39", _("25–39")
    FROM_40 = "40-59", _("40–59")
    FROM_60 = "60-74", _("60–74")
    FROM_75 = "75+", _("75 or older")


class Need(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free home")
    COMMON_ROOMS = "common_rooms", _("Shared rooms and meals")
    DAYCARE = "daycare", _("Daycare nearby")
    CARE_NEARBY = "care_nearby", _("Care and help nearby")
    QUIET = "quiet", _("A quiet home")
    PETS = "pets", _("Room for a pet")


class HousingInterest(models.Model):
    """A person's interest in intergenerational housing: what they want, never why.

    Personal data (registered with core.personal_data): the person can change or delete it at
    any time; housing organisations see only counts of at least 5."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="housing_interest"
    )
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    household_size = models.PositiveSmallIntegerField(
        _("people in the household"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    groups = models.JSONField(_("I count myself among"), default=list)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    municipalities = models.ManyToManyField(
        "core.Municipality", verbose_name=_("municipalities"), related_name="+"
    )
    consent_text = models.TextField(_("consent given"))
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest in intergenerational housing")
        verbose_name_plural = _("interests in intergenerational housing")

    def __str__(self) -> str:
        return f"interest {self.pk}"
