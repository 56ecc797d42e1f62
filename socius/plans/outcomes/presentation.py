"""A released table as the pages show it: labels, "fewer than 5", and a chart with its data
table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from socius.core.charts import Chart, render_chart
from socius.plans.models import Domain
from socius.plans.outcomes.models import Release


def column_labels() -> dict[str, str]:
    return {
        "better": _("Better"),
        "same": _("The same"),
        "worse": _("Worse"),
        "reached": _("A goal reached"),
        "not_yet": _("No goal reached yet"),
    }


@dataclass(frozen=True)
class ReleaseView:
    release: Release
    columns: list[str]
    rows: list[dict[str, Any]]
    column_totals: list[int]
    total: int
    chart: Chart | None


def _cell(value: int | None) -> str:
    return _("fewer than 5") if value is None else str(value)


def release_view(release: Release, *, chart: bool = True) -> ReleaseView:
    """``chart=False``: the table alone (the atlas's page, which links to the charts)."""
    result = release.result
    labels = column_labels()
    domains = dict(Domain.choices)
    columns = [labels.get(c, c) for c in result.get("columns", [])]
    rows = [
        {
            "label": str(domains.get(domain, domain)),
            "cells": [_cell(v) for v in cells],
            "total": total,
        }
        for domain, cells, total in zip(
            result.get("rows", []),
            result.get("cells", []),
            result.get("row_totals", []),
            strict=False,
        )
    ]
    return ReleaseView(
        release=release,
        columns=columns,
        rows=rows,
        column_totals=list(result.get("column_totals", [])),
        total=int(result.get("total", 0)),
        chart=_chart(release, columns, rows) if chart and rows and columns else None,
    )


def _chart(release: Release, columns: list[str], rows: list[dict[str, Any]]) -> Chart:
    """Bars of the first column per life domain; hidden cells get no bar."""
    import altair as alt

    values = [
        {"label": row["label"], "value": int(row["cells"][0])}
        for row in rows
        if row["cells"][0].isdigit()
    ]
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color="#0059b3")
        .encode(
            y=alt.Y("label:N", title=str(_("Life domain")), sort=None),
            x=alt.X("value:Q", title=str(_("People (with noise)"))),
        )
        .properties(width=420, height=max(40, 28 * len(values)))
    )
    return render_chart(
        spec,
        title=_("%(column)s: people per life domain") % {"column": columns[0]},
        description=_(
            "Bars show the number of people per life domain, with noise added. Domains with "
            "fewer than 5 people have no bar."
        ),
        columns=[_("Life domain"), columns[0]],
        rows=[(row["label"], row["cells"][0]) for row in rows],
    )
