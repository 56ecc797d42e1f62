"""Where the money went ("Hvor gik pengene hen?"): public, per year, from the ledger and the
spending the treasurer records; a chart always with its table, each line linked to what it
paid for."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from socius.core.cache import public_page
from socius.core.charts import Chart, render_chart
from socius.core.money import format_danish_amount
from socius.support.treasury import selectors

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _kr(amount_ore: int) -> str:
    return format_danish_amount(Decimal(amount_ore) / 100)


def _chart(year: int, income: selectors.YearIncome, spent: list[tuple[str, str, int]]) -> Chart:
    import altair as alt

    items = [
        (_("Gifts"), _("Income"), income.gifts_ore),
        (_("Membership fees"), _("Income"), income.memberships_ore),
        (_("Ten-year commitments"), _("Income"), income.commitments_ore),
    ] + [(label, _("Spending"), ore) for _c, label, ore in spent]
    # Kroner as numbers only for drawing the bars; the table shows the exact øre.
    bars = [{"label": lbl, "group": grp, "value": ore / 100} for lbl, grp, ore in items]
    spec = (
        alt.Chart(alt.Data(values=bars))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, sort=None),
            x=alt.X("value:Q", title=_("Kroner")),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(range=["#0059b3", "#b35900"]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=420, height=28 * len(bars))
    )
    rows = [(lbl, grp, _kr(ore)) for lbl, grp, ore in items]
    return render_chart(
        spec,
        title=_("Income and spending in %(year)s") % {"year": year},
        description=_(
            "Bars for each kind of income and each kind of spending in %(year)s, in kroner. "
            "The table below has the same numbers."
        )
        % {"year": year},
        columns=[_("What"), _("Income or spending"), _("Amount")],
        rows=rows,
    )


def _money_page(request: HttpRequest, year: int) -> HttpResponse:
    today = timezone.localdate()
    income = selectors.income_for(year)
    spent = selectors.spending_by_category(year)
    spent_total = sum(ore for _c, _l, ore in spent)
    context = {
        "year": year,
        "years": selectors.money_years(today=today),
        "income": income,
        "spent_total": spent_total,
        "chart": _chart(year, income, spent),
        "spending": selectors.spending_with_links(selectors.spending_list(year=year)),
    }
    return render(request, "support_treasury/money_public.html", context)


@require_GET
@public_page()
def money_public(request: HttpRequest) -> HttpResponse:
    return _money_page(request, timezone.localdate().year)


@require_GET
@public_page()
def money_year(request: HttpRequest, year: int) -> HttpResponse:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return _money_page(request, year)
