"""The atlas figures behind the programme's measures, read from the atlas's snapshot
(``atlas_data``: one query when it is current, whatever the number of measures)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from socius.atlas.models import Indicator
from socius.atlas.selectors import AtlasData, atlas_data, period_key
from socius.programme.models import Direction, Measure


def indicator_for_municipality(indicator_code: str, municipality_code: str) -> Indicator | None:
    """The active atlas indicator ``indicator_code`` if it has a figure for the
    municipality, else None."""
    data = atlas_data()
    indicator = data.by_code.get(indicator_code)
    if indicator is None:
        return None
    cells = data.series.get(indicator.pk, {}).get(municipality_code, [])
    return indicator if any(c.shown for c in cells) else None


def indicator_choices(municipality_code: str) -> list[tuple[str, str]]:
    """(code, title) of the active atlas indicators with figures for the municipality."""
    data = atlas_data()
    return [
        (i.code, i.label)
        for i in data.indicators
        if any(c.shown for c in data.series.get(i.pk, {}).get(municipality_code, []))
    ]


@dataclass(frozen=True)
class MeasureView:
    """A measure with its atlas indicator and figures for its municipality."""

    measure: Measure
    indicator: Indicator | None
    values: list[tuple[str, Decimal]]  # (period, value), oldest first
    national: Decimal | None

    @property
    def title(self) -> str:
        return self.indicator.label if self.indicator else self.measure.indicator_code

    @property
    def unit(self) -> str:
        return self.indicator.unit_label if self.indicator else ""

    @property
    def latest(self) -> tuple[str, Decimal] | None:
        return self.values[-1] if self.values else None

    @property
    def reached(self) -> bool | None:
        """Whether the latest value has reached the target (None without a value)."""
        if not self.values:
            return None
        value = self.values[-1][1]
        if self.measure.direction == Direction.UP:
            return value >= self.measure.target
        return value <= self.measure.target

    @property
    def progress(self) -> str:
        """In plain words: how the latest value stands against the baseline and target."""
        if not self.values:
            return _("No figure yet")
        if self.reached:
            return _("Target reached")
        value, base = self.values[-1][1], self.measure.baseline
        better = value > base if self.measure.direction == Direction.UP else value < base
        if value == base:
            return _("Same as the baseline")
        return _("Better than the baseline") if better else _("Worse than the baseline")

    @property
    def summary(self) -> str:
        latest = self.latest
        value = _number(latest[1]) if latest else "–"
        return _("%(title)s: %(value)s now, target %(target)s in %(year)s") % {
            "title": self.title,
            "value": value,
            "target": _number(self.measure.target),
            "year": self.measure.target_year,
        }


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def measure_views(
    measures: list[Measure], municipality_code: str, data: AtlasData | None = None
) -> list[MeasureView]:
    """Each measure with its figures for ``municipality_code`` (one query for the atlas
    snapshot's stamp, none when ``data`` is given)."""
    data = data or atlas_data()
    views = []
    for measure in measures:
        indicator = data.by_code.get(measure.indicator_code)
        values: list[tuple[str, Decimal]] = []
        national = None
        if indicator is not None:
            cells = data.series.get(indicator.pk, {}).get(municipality_code, [])
            values = sorted(
                ((c.period, c.value) for c in cells if c.shown and c.value is not None),
                key=lambda pair: period_key(pair[0]),
            )
            cell = data.national(indicator)
            national = cell.value if cell is not None and cell.shown else None
        views.append(
            MeasureView(measure=measure, indicator=indicator, values=values, national=national)
        )
    return views


def measure_chart(view: MeasureView) -> Any:
    """The measure as a chart with its table: the baseline, the atlas's values by year and the
    target."""
    import altair as alt

    from socius.core.charts import render_chart

    m = view.measure
    rows: list[tuple[str, str, Decimal]] = [(str(m.baseline_year), _("Baseline"), m.baseline)]
    rows += [(period, _("Figure"), value) for period, value in view.values]
    rows.append((str(m.target_year), _("Target"), m.target))
    points = [{"year": r[0], "kind": r[1], "value": float(r[2])} for r in rows]
    spec = (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("year:O", title=_("Year"), sort=None),
            y=alt.Y("value:Q", title=view.unit or _("Value")),
            color=alt.Color("kind:N", title=""),
            shape=alt.Shape("kind:N", title=""),
        )
        .properties(width=320, height=180)
    )
    return render_chart(
        spec,
        title=view.title,
        description=_(
            "Baseline %(baseline)s in %(baseline_year)s, latest figure %(latest)s, "
            "target %(target)s in %(target_year)s."
        )
        % {
            "baseline": _number(m.baseline),
            "baseline_year": m.baseline_year,
            "latest": _number(view.latest[1]) if view.latest else "–",
            "target": _number(m.target),
            "target_year": m.target_year,
        },
        columns=[_("Year"), _("What"), view.unit or _("Value")],
        rows=[(r[0], r[1], _number(r[2])) for r in rows],
    )
