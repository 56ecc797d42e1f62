"""Progress over time as charts with their data tables (core.charts): one chart per goal on
the goal attainment scale, one per life domain on the 1-10 ladder. A professional's ratings
are a line of their own beside the citizen's, never mixed into them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _

from socius.core.charts import Chart, render_chart
from socius.core.dates import date_text
from socius.plans.models import DOMAIN_SCORES, GAS_SCORES, Rater
from socius.plans.selectors import DomainSeries, GoalView, RatingPoint


def _rater_label(rater: str) -> str:
    return _("You") if rater == Rater.CITIZEN else _("Professional")


def _rows(ratings: Sequence[RatingPoint]) -> list[list[str]]:
    # One row per day: the citizen's score and, beside it, a professional's.
    days: dict[str, dict[str, str]] = {}
    for point in ratings:
        days.setdefault(point.rated_on.isoformat(), {})[point.rater] = str(point.score)
    return [
        [
            date_text(datetime.date.fromisoformat(day)),
            scores.get(Rater.CITIZEN, "–"),
            scores.get(Rater.PROFESSIONAL, "–"),
        ]
        for day, scores in sorted(days.items())
    ]


def _line_chart(
    *, title: str, description: str, ratings: Sequence[RatingPoint], scale: tuple[int, ...],
    value_title: str,
) -> Chart:  # fmt: skip
    import altair as alt

    values = [
        {"day": p.rated_on.isoformat(), "score": p.score, "who": _rater_label(p.rater)}
        for p in ratings
    ]
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True)
        .encode(
            x=alt.X("day:T", title=_("Day"), axis=alt.Axis(format="%d-%m-%Y")),
            y=alt.Y(
                "score:Q",
                title=value_title,
                scale=alt.Scale(domain=[scale[0], scale[-1]]),
                axis=alt.Axis(values=list(scale), tickMinStep=1),
            ),
            color=alt.Color(
                "who:N",
                title=_("Who rated"),
                scale=alt.Scale(
                    domain=[_rater_label(Rater.CITIZEN), _rater_label(Rater.PROFESSIONAL)],
                    range=["#0059b3", "#b35900"],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "who:N",
                scale=alt.Scale(
                    domain=[_rater_label(Rater.CITIZEN), _rater_label(Rater.PROFESSIONAL)],
                    range=[[1, 0], [6, 3]],
                ),
                legend=None,
            ),
        )
        .properties(width=360, height=200)
    )
    return render_chart(
        spec,
        title=title,
        description=description,
        columns=[_("Day"), _("Your score"), _("Professional's score")],
        rows=_rows(ratings),
    )


def goal_chart(goal: GoalView) -> Chart:
    """The ratings of one goal over time, from -2 to +2."""
    return _line_chart(
        title=goal.text,
        description=_(
            "Your ratings of the goal over time, from -2 to +2. 0 is what you hoped for. "
            "The table below has the same numbers."
        ),
        ratings=goal.ratings,
        scale=GAS_SCORES,
        value_title=_("Score (-2 to +2)"),
    )


def domain_chart(series: DomainSeries) -> Chart:
    """The ratings of one life domain over time, from 1 to 10."""
    return _line_chart(
        title=series.label,
        description=_(
            "Your ratings of this part of life over time, from 1 (very bad) to 10 (very "
            "good). The table below has the same numbers."
        ),
        ratings=series.ratings,
        scale=DOMAIN_SCORES,
        value_title=_("Score (1 to 10)"),
    )
