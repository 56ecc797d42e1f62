"""Public pages: housing areas and their status, the rules, the non-Western criterion, and
segregation by income. Served from the anonymous page cache."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socius.atlas.housing import access, selectors
from socius.atlas.housing.context import NON_WESTERN_CONTEXT
from socius.atlas.housing.forms import AreaFilterForm
from socius.atlas.housing.models import ListStatus
from socius.atlas.housing.presentation import number
from socius.core.access import user_can
from socius.core.cache import public_page
from socius.core.charts import render_chart
from socius.core.csv_export import csv_response
from socius.core.paging import page_with_query
from socius.core.roles import Capability

PER_PAGE = 50


@public_page()
@require_GET
def area_list(request: HttpRequest) -> HttpResponse:
    form = AreaFilterForm(request.GET or None)
    municipality, status = None, ""
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        status = form.cleaned_data["status"]
    page, query = page_with_query(
        request, selectors.area_list(municipality=municipality, status=status), PER_PAGE
    )
    return render(
        request,
        "housing/area_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_manage": user_can(request.user, Capability.HOUSING_MANAGE),
        },
    )


@public_page()
@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = access.area_public(slug=slug)
    return render(
        request,
        "housing/area_detail.html",
        {
            "area": area,
            **selectors.area_overview(area),
            "statuses": dict(ListStatus.choices),
            "can_manage": user_can(request.user, Capability.HOUSING_MANAGE),
        },
    )


@public_page()
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "housing/rules.html", {"rule_sets": selectors.rule_set_list()})


@public_page()
@require_GET
def non_western(request: HttpRequest) -> HttpResponse:
    return render(request, "housing/non_western.html", {"case": NON_WESTERN_CONTEXT})


def percent(value: Fraction | None) -> str:
    """A share as "12,3 %", or "–" when there is none."""
    if value is None:
        return "–"
    return _("%(n)s %%") % {"n": number(Decimal(value.numerator * 100) / value.denominator, 1)}


@public_page()
@require_GET
def segregation_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "segregation": s,
            "dissimilarity": _index(s.dissimilarity),
            "lowest": percent(s.lowest_overrepresented),
            "highest": percent(s.highest_overrepresented),
        }
        for s in selectors.segregation_list()
    ]
    return render(
        request,
        "housing/segregation_list.html",
        {"rows": rows, "can_manage": user_can(request.user, Capability.HOUSING_MANAGE)},
    )


def _index(value: Fraction | None) -> str:
    if value is None:
        return "–"
    return number(Decimal(value.numerator) / value.denominator, 2)


def _chart(segregation: selectors.Segregation) -> object:
    """Each area's share of residents in the lowest and the highest quintile, with the table."""
    import altair as alt

    low, high = _("Lowest income quintile"), _("Highest income quintile")
    values, rows = [], []
    for a in segregation.areas:
        shares = (a.lowest_share, a.highest_share)
        rows.append((a.name, percent(shares[0]), percent(shares[1])))
        for label, share in zip((low, high), shares, strict=True):
            if share is not None:
                values.append({"area": a.name, "group": label, "share": float(share) * 100})
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_bar()
        .encode(
            y=alt.Y("area:N", title=_("Area"), sort=None),
            x=alt.X("share:Q", title=_("Share of the area's residents (%)")),
            yOffset=alt.YOffset("group:N"),
            color=alt.Color(
                "group:N",
                title=_("Group"),
                scale=alt.Scale(domain=[low, high], range=["#0059b3", "#b35900"]),
            ),
        )
        .properties(width=420, height=max(60, 40 * len(segregation.areas)))
    )
    return render_chart(
        spec,
        title=_("Residents in the lowest and highest income quintile, by area"),
        description=_(
            "For each area, the share of its residents in the municipality's lowest and highest "
            "income quintile. The same numbers are in the table below."
        ),
        columns=[_("Area"), low, high],
        rows=rows,
    )


@public_page()
@require_GET
def segregation_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = access.municipality_public(code=code)
    year = request.GET.get("aar", "")
    segregation = selectors.segregation_for(
        municipality, int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None
    )
    areas = list(selectors.area_list(municipality=municipality))
    return render(
        request,
        "housing/segregation_detail.html",
        {
            "municipality": municipality,
            "segregation": segregation,
            "years": selectors.income_import_years(municipality),
            "chart": _chart(segregation) if segregation and segregation.areas else None,
            "dissimilarity": _index(segregation.dissimilarity) if segregation else "–",
            "lowest": percent(segregation.lowest_overrepresented) if segregation else "–",
            "highest": percent(segregation.highest_overrepresented) if segregation else "–",
            "lowest_share": percent(segregation.lowest_share) if segregation else "–",
            "highest_share": percent(segregation.highest_share) if segregation else "–",
            "housing_areas": areas,
            "statuses": dict(ListStatus.choices),
            "can_manage": user_can(request.user, Capability.HOUSING_MANAGE),
        },
    )


@require_GET
def segregation_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The areas of the page's table: counts under 5 left out, as on the page."""
    municipality = access.municipality_public(code=code)
    segregation = selectors.segregation_for(municipality)
    areas = segregation.areas if segregation else []
    year = segregation.income_import.year if segregation else ""

    def cell(value: int | None) -> int | str:
        return "" if value is None else value

    return csv_response(
        filename=f"indkomstkvintiler-{municipality.code}-{year}.csv",
        header=[
            _("Area code"),
            _("Area"),
            _("Residents"),
            _("Residents in the lowest quintile"),
            _("Residents in the highest quintile"),
        ],
        rows=([a.code, a.name, cell(a.residents), cell(a.lowest), cell(a.highest)] for a in areas),
    )
