"""The atlas's public pages: the front page, an indicator's map, a municipality's figures and
the comparison. All public, all from the anonymous page cache (no form here posts, so no page
carries a CSRF token)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from socius.atlas import selectors, similarity
from socius.atlas.access import indicator_public, municipality_public
from socius.atlas.forms import MAX_COMPARE, CompareForm, PickForm
from socius.atlas.models import Indicator
from socius.atlas.selectors import Area, AtlasData, Figure, Related
from socius.atlas.views import present
from socius.core.cache import public_page
from socius.core.models import Theme
from socius.core.sections import sections_for
from socius.core.selectors import municipal_space_for


@public_page()
@require_GET
def atlas_home(request: HttpRequest) -> HttpResponse:
    """The atlas's front page: the indicators by theme, every municipality, the comparison,
    the research datasets and the housing areas."""
    data = selectors.atlas_data()
    areas = list(data.areas.values())
    by_region: dict[str, list[Area]] = {}
    for area in sorted(areas, key=lambda a: (a.region, a.name)):
        by_region.setdefault(area.region, []).append(area)
    return render(
        request,
        "atlas/atlas_home.html",
        {
            "groups": selectors.themes_of(data.indicators),
            "latest": data.latest_period,
            "form": PickForm(areas=areas),
            "regions": sorted(by_region.items()),
            "counts": present.atlas_counts(data),
        },
    )


@require_GET
def municipality_pick(request: HttpRequest) -> HttpResponse:
    """The front page's "your municipality" form: to that municipality's page."""
    data = selectors.atlas_data()
    area = municipality_public(data, request.GET.get("kommune", "")[:3])
    return redirect("atlas:municipality-detail", area.code)


@dataclass(frozen=True)
class Row:
    area: Area
    value: str
    rank: int | None
    shown: bool


@public_page()
@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator: the map of the 98 municipalities with its table, the ranked bars, what the
    figure means, where it comes from, and the same theme elsewhere on the platform."""
    data = selectors.atlas_data()
    indicator = indicator_public(data, code)
    theme = indicator.theme
    return render(
        request,
        "atlas/indicator_detail.html",
        {
            "indicator": indicator,
            "body": present.drawn(
                data,
                ("indicator", indicator.code),
                "atlas/includes/indicator_body.html",
                lambda: _indicator_body(data, indicator),
            ),
            "related": _related([theme]).get(theme.pk, []) if theme else [],
        },
    )


def _indicator_body(data: AtlasData, indicator: Indicator) -> dict[str, Any]:
    period = data.latest_period.get(indicator.pk, "")
    placed = selectors.indicator_ranking(data, indicator)
    national = data.national(indicator)
    rows = [Row(p.area, present.cell_text(indicator, p.cell), p.rank, p.cell.shown) for p in placed]
    has_data = any(r.shown for r in rows)
    return {
        "indicator": indicator,
        "period": period,
        "national": present.national_text(indicator, national),
        "has_national": national is not None,
        "direction": present.direction_text(indicator),
        "rows": rows,
        "ranked": data.ranked_count(indicator),
        "map": present.indicator_map(indicator, period, placed, national) if has_data else None,
        "bars": present.ranked_bars(indicator, period, placed) if has_data else None,
        "about": present.about(data, indicator),
    }


@dataclass(frozen=True)
class FigureRow:
    figure: Figure
    value: str
    national: str
    rank: str
    spark: SafeString
    spark_words: str
    about: SafeString


@dataclass(frozen=True)
class ThemeGroup:
    theme: Theme | None
    body: SafeString  # the group's table and the indicators' details
    related: list[Related]


@public_page()
@require_GET
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A municipality: every indicator with its value, the national value, its rank, its
    development, its definition, source and query; grouped by theme with the theme's
    conversations, publications, proposals and grant rounds."""
    data = selectors.atlas_data()
    area = municipality_public(data, code)
    figures = {f.indicator.pk: f for f in selectors.municipality_figures(data, area.code)}
    groups = selectors.themes_of(data.indicators)
    related = _related([theme for theme, _i in groups if theme is not None])
    return render(
        request,
        "atlas/municipality_detail.html",
        {
            "area": area,
            "space": municipal_space_for(area.pk),
            # What other modules release about the municipality (Min plan's outcome tables).
            "sections": sections_for("atlas_municipality", code=area.code),
            "groups": [
                ThemeGroup(
                    theme,
                    _group_body(data, area, theme, [figures[i.pk] for i in indicators]),
                    related.get(theme.pk, []) if theme else [],
                )
                for theme, indicators in groups
            ],
        },
    )


def _group_body(
    data: AtlasData, area: Area, theme: Theme | None, figures: list[Figure]
) -> SafeString:
    def context() -> dict[str, Any]:
        return {"area": area, "theme": theme, "rows": [_figure_row(data, f) for f in figures]}

    key = ("municipality", area.code, str(theme.pk if theme else ""))
    return present.drawn(data, key, "atlas/includes/municipality_group.html", context)


def _figure_row(data: AtlasData, figure: Figure) -> FigureRow:
    indicator = figure.indicator
    spark, words = present.sparkline(indicator, figure.series)
    return FigureRow(
        figure,
        present.cell_text(indicator, figure.cell),
        present.national_text(indicator, figure.national),
        present.rank_text(figure.rank, figure.ranked),
        spark,
        words,
        present.about(data, indicator),
    )


def _related(themes: Sequence[Theme]) -> dict[int, list[Related]]:
    return selectors.theme_related(themes)


# --- Comparison ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CompareRow:
    indicator: Indicator
    values: list[str]
    average: str
    national: str


def comparison_rows(data: AtlasData, codes: Sequence[str]) -> list[CompareRow]:
    rows = []
    for figure in selectors.comparison_figures(data, codes):
        indicator = figure.indicator
        if figure.average is not None:
            average = present.number(indicator, figure.average)
        elif figure.no_average == "small":
            average = present.cell_text(indicator, selectors.Cell("", "", selectors.SMALL))
        else:
            average = "–"
        rows.append(
            CompareRow(
                indicator,
                [present.cell_text(indicator, c) for c in figure.cells],
                average,
                present.national_text(indicator, figure.national),
            )
        )
    return rows


def compare_choice(
    request: HttpRequest, data: AtlasData
) -> tuple[CompareForm, list[str], similarity.Similarity | None]:
    """The form, the municipalities to compare (own first) and, when the visitor gave only
    their own, the similarity that chose the others."""
    areas = list(data.areas.values())
    wanted = "kommune" in request.GET or "kommuner" in request.GET
    form = CompareForm(request.GET if wanted else None, areas=areas)
    if not wanted or not form.is_valid():
        return form, [], None
    codes = form.codes()
    if len(codes) == 1 and not form.cleaned_data.get("kommuner"):
        similar = similarity.similar_to(data, codes[0])
        if similar is not None:
            return form, similar.codes, similar
    return form, codes, None


@public_page()
@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """A municipality beside its most similar ones (the method on the page), or beside the
    municipalities the visitor picks. Bad input shows the form with its errors (400)."""
    data = selectors.atlas_data()
    form, codes, similar = compare_choice(request, data)
    inputs = similarity.structural_inputs(data)
    context: dict[str, Any] = {
        "form": form,
        "codes": codes,
        "areas": [data.areas[c] for c in codes],
        "rows": comparison_rows(data, codes) if codes else [],
        "similar": similar,
        "inputs": inputs,
        "max_compare": MAX_COMPARE,
        "regions": _regions(form, data),
        "query": request.GET.urlencode() if codes else "",
    }
    if similar is not None:
        context["similar_rows"] = _similar_rows(similar)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "atlas/compare.html", context, status=status)


def _regions(form: CompareForm, data: AtlasData) -> list[tuple[str, list[Any]]]:
    """The checkboxes of the picker grouped by region, for one fieldset each."""
    by_code = {choice.data["value"]: choice for choice in form["kommuner"]}
    regions: dict[str, list[Any]] = {}
    for area in sorted(data.areas.values(), key=lambda a: (a.region, a.name)):
        regions.setdefault(area.region, []).append(by_code[area.code])
    return sorted(regions.items())


def _similar_rows(similar: similarity.Similarity) -> list[dict[str, Any]]:
    rows = []
    for n in [similar.target, *similar.neighbours]:
        rows.append(
            {
                "area": n.area,
                "distance": n.distance,
                "inputs": [
                    (present.number(i.indicator, v), z)
                    for i, v, z in zip(similar.inputs, n.values, n.z, strict=True)
                ],
            }
        )
    return rows
