"""Open data from the social atlas: the indicators, each indicator's figures for every
municipality, each municipality's figures, the most similar municipalities and comparisons.

The same data as the pages and their JSON downloads (``socius.atlas.downloads`` builds both),
small cells included: a figure that counts fewer than 5 people has status ``fewer_than_5`` and
no value, numerator, denominator or rank. Figures are JSON numbers as the source gives them
(up to six decimals); ``decimals`` says how many the pages show.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from socius.atlas import downloads, selectors, similarity
from socius.atlas.access import indicator_public, municipality_public
from socius.atlas.forms import MAX_COMPARE
from socius.core.api_support import Pagination, responses, slug_or_404

router = Router(tags=["atlas"])

CODE_MAX = 80  # Indicator.code's max_length
MUNICIPALITY = r"^[0-9]{3}$"
MUNICIPALITIES = rf"^[0-9]{{3}}(,[0-9]{{3}}){{0,{MAX_COMPARE - 1}}}$"


class SourceOut(Schema):
    key: str
    title: str
    publisher: str
    licence: str
    url: str
    attribution: str


class IndicatorOut(Schema):
    code: str
    title: str
    title_en: str
    unit: str
    unit_en: str
    decimals: int
    direction: str
    theme: str | None
    definition: str
    definition_en: str
    numerator: str
    denominator: str
    rate_scale: int
    structural: bool
    counts_people: bool
    source: SourceOut
    source_table: str
    query: dict[str, Any]
    url: str


class ObservationOut(Schema):
    indicator: str
    area_code: str
    area: str
    period: str
    value: float | None
    unit: str
    numerator: float | None
    denominator: float | None
    status: str = Field(
        ..., description="value, missing, confidential, zero or fewer_than_5 (not published)"
    )
    rank: int | None = Field(
        None, description="1 = best given the direction, in the latest period only"
    )


class IndicatorDataOut(Schema):
    indicator: IndicatorOut
    latest_period: str | None
    national: ObservationOut | None
    ranked: int
    observations: list[ObservationOut]


class MunicipalityDataOut(Schema):
    code: str
    name: str
    region: str
    url: str
    indicators: list[IndicatorOut]
    observations: list[ObservationOut]


class AreaOut(Schema):
    code: str
    name: str
    region: str


class AverageOut(Schema):
    indicator: str
    value: float | None
    reason_missing: str | None = Field(
        None,
        description="rate: not a rate with numerator and denominator for every municipality; "
        "small: a figure, or the total, counts fewer than 5 people",
    )


class ComparisonOut(Schema):
    municipalities: list[AreaOut]
    indicators: list[IndicatorOut]
    observations: list[ObservationOut]
    averages: list[AverageOut]


class InputOut(Schema):
    indicator: str
    log: bool
    mean: float
    sd: float
    used: bool


class NeighbourOut(Schema):
    code: str
    name: str
    distance: float
    values: list[float]
    z: list[float]


class SimilarOut(Schema):
    method: str
    inputs: list[InputOut]
    municipality: NeighbourOut
    similar: list[NeighbourOut]
    left_out: list[str]


MunicipalityCode = Annotated[str, Path(..., pattern=MUNICIPALITY)]


@router.get("/atlas/indikatorer", response=responses(list[IndicatorOut], 422))
@paginate(Pagination)
def indicator_list(request: HttpRequest) -> Any:
    """Every active indicator in its order, with its definition, source and StatBank query."""
    return [downloads.indicator_meta(i) for i in selectors.atlas_data().indicators]


@router.get("/atlas/indikatorer/{code}", response=responses(IndicatorDataOut, 404))
def indicator_data(request: HttpRequest, code: str) -> Any:
    """One indicator's figures for every municipality and All Denmark, every period; the
    latest period's ranks."""
    data = selectors.atlas_data()
    indicator = indicator_public(data, slug_or_404(code, CODE_MAX))
    return downloads.indicator_payload(data, indicator)


@router.get("/atlas/kommuner/{code}", response=responses(MunicipalityDataOut, 404, 422))
def municipality_data(request: HttpRequest, code: MunicipalityCode) -> Any:
    """One municipality's figures for every indicator, with All Denmark beside them."""
    data = selectors.atlas_data()
    area = municipality_public(data, code)
    return downloads.municipality_payload(data, area.code)


@router.get("/atlas/kommuner/{code}/lignende", response=responses(SimilarOut, 404, 422))
def municipality_similar(request: HttpRequest, code: MunicipalityCode) -> Any:
    """The five most similar municipalities by the published distance (see the compare
    page): z-scores of the structural indicators, Euclidean distance, ties by code. 404 when
    the municipality lacks one of the inputs."""
    data = selectors.atlas_data()
    area = municipality_public(data, code)
    found = similarity.similar_to(data, area.code)
    if found is None:
        raise Http404

    def neighbour(n: similarity.Neighbour) -> dict[str, Any]:
        return {
            "code": n.area.code,
            "name": n.area.name,
            "distance": n.distance,
            "values": n.values,
            "z": n.z,
        }

    return {
        "method": "z-scores over the municipalities (log of counts of people), Euclidean "
        "distance, ties broken by code",
        "inputs": [
            {
                "indicator": i.indicator.code,
                "log": i.log,
                "mean": i.mean,
                "sd": i.sd,
                "used": i.used,
            }
            for i in found.inputs
        ],
        "municipality": neighbour(found.target),
        "similar": [neighbour(n) for n in found.neighbours],
        "left_out": [a.code for a in found.left_out],
    }


class CompareParams(Schema):
    kommuner: str = Field(
        ...,
        pattern=MUNICIPALITIES,
        description=f"1 to {MAX_COMPARE} municipality codes, comma-separated",
        examples=["751,101,461"],
    )


@router.get("/atlas/sammenlign", response=responses(ComparisonOut, 404, 422))
def comparison(request: HttpRequest, params: Query[CompareParams]) -> Any:
    """The latest figures of the chosen municipalities side by side, with the group's figure
    (sum of numerators over sum of denominators, never a mean of rates) and All Denmark.
    Duplicates count once; an unknown code is a 404."""
    data = selectors.atlas_data()
    codes: list[str] = []
    for code in params.kommuner.split(","):
        if code not in codes:
            codes.append(municipality_public(data, code).code)
    return downloads.comparison_payload(data, codes)
