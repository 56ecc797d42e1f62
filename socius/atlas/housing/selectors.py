"""Reads for housing areas, segregation and intergenerational housing. Public reads show area
level figures only; demand for intergenerational housing is shown as counts of at least 5."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from socius.atlas.housing.evaluation import rule_sets_by_year, years_evaluate
from socius.atlas.housing.models import (
    AgeGroup,
    AreaYear,
    Group,
    HousingArea,
    HousingInterest,
    IncomeArea,
    IncomeImport,
    Initiative,
    IntergenerationalProject,
    OutcomeMeasure,
    RuleSet,
)
from socius.atlas.housing.presentation import rule_set_rules, year_rows
from socius.atlas.housing.segregation import dissimilarity, overrepresented_share
from socius.core.disclosure import is_small_count

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.models import Municipality, Organisation


def small_cell(count: int) -> int | None:
    """``count``, or None when it is too small to show."""
    return None if is_small_count(count) else count


def area_list(
    *, municipality: Municipality | None = None, status: str = ""
) -> QuerySet[HousingArea]:
    """Areas with their latest year and its status (``latest_year``, ``latest_status``), one
    query whatever the number of areas."""
    latest = AreaYear.objects.filter(area=OuterRef("pk")).order_by("-year")
    areas = HousingArea.objects.select_related("municipality").annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_status=Subquery(latest.values("status")[:1]),
    )
    if municipality is not None:
        areas = areas.filter(municipality=municipality)
    if status:
        areas = areas.filter(latest_status=status)
    return areas


def area_get(slug: str) -> HousingArea | None:
    return HousingArea.objects.select_related("municipality__region").filter(slug=slug).first()


def area_overview(area: HousingArea) -> dict[str, Any]:
    """The area page: each year's figures and result (newest first), the latest year's
    criteria with their distances, and the initiatives with their outcome measures."""
    rows = list(AreaYear.objects.filter(area=area).order_by("-year"))
    results = years_evaluate(rows, rule_sets_by_year())
    years: list[dict[str, Any]] = [{"row": row, "result": results.get(row.year)} for row in rows]
    latest = next((y for y in years if y["result"] is not None), None)
    initiatives = Initiative.objects.filter(area=area).prefetch_related(
        Prefetch("measures", queryset=OutcomeMeasure.objects.select_related("indicator"))
    )
    return {
        "years": years,
        "latest": year_rows(latest["result"]) if latest else None,
        "latest_row": latest["row"] if latest else None,
        "initiatives": list(initiatives),
    }


def rule_set_list() -> list[dict[str, Any]]:
    """Every year's rules as the rules page shows them, newest first."""
    rows = list(RuleSet.objects.all())
    parsed = rule_sets_by_year(rows)
    return [{"row": row, "rules": rule_set_rules(parsed[row.year])} for row in rows]


@dataclass(frozen=True)
class SegregationArea:
    code: str
    name: str
    residents: int | None
    lowest: int | None
    highest: int | None
    lowest_share: Fraction | None
    highest_share: Fraction | None


@dataclass(frozen=True)
class Segregation:
    income_import: IncomeImport
    dissimilarity: Fraction | None
    lowest_overrepresented: Fraction | None
    highest_overrepresented: Fraction | None
    lowest_share: Fraction | None  # the municipality's share of residents in each quintile
    highest_share: Fraction | None
    areas: list[SegregationArea]


def _shown_area(area: IncomeArea) -> SegregationArea:
    """One area's counts with every count under 5 left out, and its share with it."""
    lowest, highest = small_cell(area.lowest), small_cell(area.highest)
    residents = small_cell(area.residents)
    return SegregationArea(
        code=area.code,
        name=area.name,
        residents=residents,
        lowest=lowest,
        highest=highest,
        lowest_share=Fraction(lowest, area.residents) if lowest and residents else None,
        highest_share=Fraction(highest, area.residents) if highest and residents else None,
    )


def segregation_compute(income_import: IncomeImport, areas: list[IncomeArea]) -> Segregation:
    """The measures of segregation.py over every imported area (small ones included: only
    what is shown per area is left out)."""
    lowest = [a.lowest for a in areas]
    highest = [a.highest for a in areas]
    residents = [a.residents for a in areas]
    total = sum(residents)
    return Segregation(
        income_import=income_import,
        dissimilarity=dissimilarity(lowest, highest),
        lowest_overrepresented=overrepresented_share(lowest, residents),
        highest_overrepresented=overrepresented_share(highest, residents),
        lowest_share=Fraction(sum(lowest), total) if total else None,
        highest_share=Fraction(sum(highest), total) if total else None,
        areas=[_shown_area(a) for a in areas],
    )


def segregation_for(municipality: Municipality, year: int | None = None) -> Segregation | None:
    """The municipality's latest import (or that of ``year``) with its measures."""
    imports = IncomeImport.objects.filter(municipality=municipality).select_related("municipality")
    if year is not None:
        imports = imports.filter(year=year)
    record = imports.order_by("-year").first()
    if record is None:
        return None
    return segregation_compute(record, list(record.areas.order_by("name")))


def segregation_list() -> list[Segregation]:
    """Each municipality's latest import with its measures (two queries)."""
    latest: dict[int, IncomeImport] = {}
    for record in (
        IncomeImport.objects.select_related("municipality")
        .prefetch_related(Prefetch("areas", queryset=IncomeArea.objects.order_by("name")))
        .order_by("municipality__name", "-year")
    ):
        latest.setdefault(record.municipality_id, record)
    return [segregation_compute(r, list(r.areas.all())) for r in latest.values()]


def income_import_years(municipality: Municipality) -> list[int]:
    return list(
        IncomeImport.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def project_list_public(*, municipality: Municipality | None = None) -> QuerySet[Any]:
    projects = IntergenerationalProject.objects.select_related("organisation", "municipality")
    if municipality is not None:
        projects = projects.filter(municipality=municipality)
    return projects


def project_get(slug: str) -> IntergenerationalProject | None:
    return project_list_public().filter(slug=slug).first()


def interest_for(user: User) -> HousingInterest | None:
    return HousingInterest.objects.filter(user=user).prefetch_related("municipalities").first()


def project_list_matching(interest: HousingInterest) -> list[IntergenerationalProject]:
    """Projects in a wanted municipality with a group the person counts themselves among."""
    wanted = set(interest.groups)
    places = [m.pk for m in interest.municipalities.all()]
    return [
        p for p in project_list_public().filter(municipality__in=places) if wanted & set(p.groups)
    ]


def project_list_for_organisations(organisations: list[Organisation]) -> QuerySet[Any]:
    return project_list_public().filter(organisation__in=organisations)


@dataclass(frozen=True)
class DemandRow:
    municipality: str
    by_group: list[tuple[str, int | None]]
    by_age: list[tuple[str, int | None]]


def demand_for_municipalities(municipalities: list[Municipality]) -> list[DemandRow]:
    """Registered interest as counts per municipality, by group and by age group; every count
    under 5 is left out (None) and no totals are given, so no left-out count can be worked
    back from the others. Never a name or any other detail of a person."""
    groups: Counter[tuple[int, str]] = Counter()
    ages: Counter[tuple[int, str]] = Counter()
    ids = [m.pk for m in municipalities]
    through = HousingInterest.municipalities.through
    links = through.objects.filter(municipality_id__in=ids).values_list(
        "municipality_id", "housinginterest__groups", "housinginterest__age_group"
    )
    for municipality_id, chosen, age in links:
        for group in chosen or []:
            groups[(municipality_id, group)] += 1
        ages[(municipality_id, age)] += 1
    return [
        DemandRow(
            municipality=m.name,
            by_group=[(str(label), small_cell(groups[(m.pk, g)])) for g, label in Group.choices],
            by_age=[(str(label), small_cell(ages[(m.pk, a)])) for a, label in AgeGroup.choices],
        )
        for m in municipalities
    ]


def municipality_areas(*, municipality: Municipality) -> list[HousingArea]:
    """The municipality's housing areas for its space (one query)."""
    return list(area_list(municipality=municipality)[:12])
