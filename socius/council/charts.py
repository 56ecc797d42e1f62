"""The council's charts (core.charts: each comes with its data table): seats by party and by
bloc, and a decision's votes by party and bloc."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from socius.core.charts import Chart, bar_chart, render_chart
from socius.council.models import Council, CouncilGroup

BLOC_COLOURS = {"red": "#b51f2e", "centre": "#7a5c99", "blue": "#0059b3", "other": "#5c5c5c"}


def seats_by_party_chart(council: Council, groups: list[CouncilGroup]) -> Chart | None:
    if not groups:
        return None
    return bar_chart(
        title=_("Seats by party"),
        description=_("%(council)s: %(parties)s")
        % {
            "council": council.name,
            "parties": ", ".join(f"{g.party.name} {g.seats}" for g in groups),
        },  # fmt: skip
        label_title=_("Party"),
        value_title=_("Seats"),
        data=[(g.party.name, g.seats) for g in groups],
    )


def seats_by_bloc_chart(council: Council, blocs: list[tuple[str, str, int]]) -> Chart | None:
    if not blocs:
        return None
    return bar_chart(
        title=_("Seats by bloc"),
        description=_("%(council)s: %(blocs)s")
        % {
            "council": council.name,
            "blocs": ", ".join(f"{label} {n}" for _key, label, n in blocs),
        },  # fmt: skip
        label_title=_("Bloc"),
        value_title=_("Seats"),
        data=[(label, n) for _key, label, n in blocs],
    )


def votes_chart(rows: list[dict[str, Any]]) -> Chart | None:
    """Seats for, against and abstaining, each bar split by party and coloured by bloc."""
    import altair as alt

    if not rows:
        return None
    values = [{"vote": r["vote"], "party": r["party"], "bloc": r["bloc"], "seats": r["seats"]}
              for r in rows]  # fmt: skip
    blocs = sorted({r["bloc"] for r in rows})
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(stroke="#ffffff", strokeWidth=1)
        .encode(
            y=alt.Y("vote:N", title=_("Vote"), sort=None),
            x=alt.X("sum(seats):Q", title=_("Seats")),
            color=alt.Color("bloc:N", title=_("Bloc"), scale=alt.Scale(domain=blocs)),
            detail="party:N",
        )
        .properties(width=420, height=max(60, 36 * len({r["vote"] for r in rows})))
    )
    return render_chart(
        spec,
        title=_("Votes by party and bloc"),
        description="; ".join(
            f"{r['party']} ({r['bloc']}): {r['vote']}, {r['seats']}" for r in rows
        ),  # fmt: skip
        columns=[_("Party"), _("Bloc"), _("Vote"), _("Seats")],
        rows=[(r["party"], r["bloc"], r["vote"], r["seats"]) for r in rows],
    )
