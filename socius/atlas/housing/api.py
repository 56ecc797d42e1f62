"""Open data on housing areas: the areas with their figures and statuses per year, the rule
sets, segregation by income per municipality, and intergenerational projects.

Area level only, as on the pages: never a person. Segregation areas leave out counts under 5,
as the page and the CSV do. Figures are decimal strings ("40.50") as stored: no float
rounding. Every answer that shows the non-Western share carries ``non_western_context``, the
page about the criterion and EU Court case C-417/23.
"""

from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from socius.atlas.housing import selectors
from socius.atlas.housing.models import AreaYear, HousingArea, ListStatus, RuleSet
from socius.core.api_support import Pagination, responses, slug_or_404
from socius.core.models import Municipality

router = Router(tags=["housing"])

SLUG_MAX = 220


def _context_url() -> str:
    return reverse("housing:non-western")


class HousingAreaOut(Schema):
    slug: str
    name: str
    municipality: str = Field(..., alias="municipality.code")
    housing_organisation: str
    is_demo: bool
    latest_year: int | None
    latest_status: str | None
    url: str

    @staticmethod
    def resolve_url(obj: HousingArea) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_latest_status(obj: Any) -> str | None:
        return obj.latest_status or None


class HousingAreaFilter(Schema):
    municipality: str | None = Field(None, max_length=3, pattern=r"^\d{3}$")
    status: ListStatus | None = None


class HousingYearOut(Schema):
    year: int
    status: str | None
    residents: int
    outside_work_pct: Decimal
    convicted_pct: Decimal
    national_convicted_pct: Decimal
    basic_schooling_pct: Decimal
    income_pct_of_region: Decimal
    non_western_pct: Decimal

    @staticmethod
    def resolve_status(obj: AreaYear) -> str | None:
        return obj.status or None


class HousingAreaDetailOut(HousingAreaOut):
    departments: list[str]
    years: list[HousingYearOut]
    non_western_context: str

    @staticmethod
    def resolve_departments(obj: HousingArea) -> list[str]:
        return obj.department_list

    @staticmethod
    def resolve_years(obj: HousingArea) -> Any:
        return AreaYear.objects.filter(area=obj).order_by("-year")

    @staticmethod
    def resolve_non_western_context(obj: HousingArea) -> str:
        return _context_url()


class HousingCriterionOut(Schema):
    measure: str
    op: str
    threshold: Decimal


class HousingTierOut(Schema):
    min_residents: int
    criteria_needed: int
    criteria: list[HousingCriterionOut]
    non_western: HousingCriterionOut | None


class HousingRuleSetOut(Schema):
    year: int
    legal_reference: str
    source_url: str
    verification_note: str
    udsat: HousingTierOut
    parallelsamfund: HousingCriterionOut
    omdannelse_years: int
    forebyggelse: HousingTierOut | None
    names: dict[str, str]
    non_western_context: str


class HousingSegregationAreaOut(Schema):
    code: str
    name: str
    residents: int | None
    lowest: int | None
    highest: int | None


class HousingSegregationOut(Schema):
    municipality: str
    year: int
    source: str
    is_demo: bool
    dissimilarity: str | None
    lowest_overrepresented: str | None
    highest_overrepresented: str | None
    areas: list[HousingSegregationAreaOut]


class IntergenerationalProjectOut(Schema):
    slug: str
    name: str
    organisation: str = Field(..., alias="organisation.name")
    municipality: str = Field(..., alias="municipality.code")
    homes: int
    groups: list[str]
    opening_year: int | None
    status: str
    is_demo: bool
    url: str

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


@router.get("/boligomraader", response=responses(list[HousingAreaOut], 422))
@paginate(Pagination)
def area_list(request: HttpRequest, filters: Query[HousingAreaFilter]) -> Any:
    """Housing areas with their latest year and status."""
    municipality = None
    if filters.municipality:
        municipality = Municipality.objects.filter(code=filters.municipality).first()
        if municipality is None:
            return HousingArea.objects.none()
    return selectors.area_list(
        municipality=municipality, status=filters.status.value if filters.status else ""
    )


@router.get("/boligomraader/omraade/{slug}", response=responses(HousingAreaDetailOut, 404))
def area_detail(request: HttpRequest, slug: str) -> Any:
    """One area with its figures and status for every year."""
    area = selectors.area_list().filter(slug=slug_or_404(slug, SLUG_MAX)).first()
    if area is None:
        raise Http404
    return area


def _criterion(data: dict[str, Any]) -> dict[str, Any]:
    return {"measure": data["measure"], "op": data["op"], "threshold": Decimal(data["threshold"])}


def _tier(data: dict[str, Any] | None) -> dict[str, Any] | None:
    if data is None:
        return None
    return {
        "min_residents": data["min_residents"],
        "criteria_needed": data["criteria_needed"],
        "criteria": [_criterion(c) for c in data["criteria"]],
        "non_western": _criterion(data["non_western"]) if data.get("non_western") else None,
    }


@router.get("/boligomraader/regelsaet", response=list[HousingRuleSetOut])
def rule_sets(request: HttpRequest) -> Any:
    """The rules of each year's lists, as data (thresholds, operators, criteria needed)."""
    return [
        {
            "year": row.year,
            "legal_reference": row.legal_reference,
            "source_url": row.source_url,
            "verification_note": row.verification_note,
            "udsat": _tier(row.definition["udsat"]),
            "parallelsamfund": _criterion(row.definition["parallelsamfund"]),
            "omdannelse_years": row.definition["omdannelse_years"],
            "forebyggelse": _tier(row.definition.get("forebyggelse")),
            "names": row.definition.get("names", {}),
            "non_western_context": _context_url(),
        }
        for row in RuleSet.objects.all()
    ]


def _share(value: Fraction | None) -> str | None:
    if value is None:
        return None
    return str((Decimal(value.numerator) / value.denominator).quantize(Decimal("0.0001")))


@router.get(
    "/boligomraader/segregering/{code}", response=responses(HousingSegregationOut, 404, 422)
)
def segregation(request: HttpRequest, code: str = Path(..., pattern=r"^\d{3}$")) -> Any:
    """A municipality's latest segregation figures; 404 when it has imported none."""
    municipality = Municipality.objects.filter(code=code).first()
    found = selectors.segregation_for(municipality) if municipality else None
    if found is None:
        raise Http404
    return {
        "municipality": code,
        "year": found.income_import.year,
        "source": found.income_import.source,
        "is_demo": found.income_import.is_demo,
        "dissimilarity": _share(found.dissimilarity),
        "lowest_overrepresented": _share(found.lowest_overrepresented),
        "highest_overrepresented": _share(found.highest_overrepresented),
        "areas": [a.__dict__ for a in found.areas],
    }


@router.get(
    "/boligomraader/generationsboliger", response=responses(list[IntergenerationalProjectOut], 422)
)
@paginate(Pagination)
def projects(request: HttpRequest) -> Any:
    """Intergenerational housing projects (never who is interested)."""
    return selectors.project_list_public()
