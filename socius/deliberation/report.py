"""The opinion map, the conversation report (HTML context and PDF) and the data export (CSV).

Privacy in the exports: votes are listed by participant number, never by account, and no row
about one participant carries a party, a role or a name; declared groups appear only as totals,
and only when at least ``MIN_NAMED_GROUP`` people share them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from socius.core.charts import Chart, render_chart
from socius.core.dates import datetime_text
from socius.core.pdf import FONT_FAMILY, pdf_document
from socius.core.roles import Role
from socius.deliberation.models import Conversation, Statement, Vote
from socius.deliberation.selectors import MIN_NAMED_GROUP, ResultsView, StatementRow
from socius.deliberation.summary import divisive_rows, results_summary

COLOURS = ["#0059b3", "#b35900", "#008040", "#8c1aff", "#cc0052", "#4d4d4d"]


def pct(x: float | None) -> str:
    if x is None:
        return "–"
    return formats.number_format(round(100 * x), 0) + " %"


def opinion_map(view: ResultsView) -> Chart | None:
    """The participants' positions as an SVG scatter, one colour per opinion group.

    The Vega-Lite specification is written as a dict: building it through altair validates it
    against the full schema on every request, which costs more than the rest of the page."""
    if not view.groups:
        return None
    labels = [g.label for g in view.groups]
    group_title = str(_("Opinion group"))
    domain = [group_title + " " + g for g in labels]
    values = [{"x": x, "y": y, "group": group_title + " " + g} for x, y, g in view.points]
    hidden_axis = {"title": None, "axis": {"labels": False, "ticks": False, "grid": False}}
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "mark": {"type": "point", "filled": True, "size": 60, "opacity": 0.75},
        "encoding": {
            "x": {"field": "x", "type": "quantitative", **hidden_axis},
            "y": {"field": "y", "type": "quantitative", **hidden_axis},
            "color": {
                "field": "group",
                "type": "nominal",
                "title": group_title,
                "scale": {"domain": domain, "range": COLOURS[: len(labels)]},
            },
            "shape": {"field": "group", "type": "nominal", "legend": None},
        },
        "width": 420,
        "height": 320,
    }
    total = max(1, sum(g.size for g in view.groups))
    return render_chart(
        spec,
        title=_("Opinion map"),
        description=_(
            "Each dot is one participant. People who vote alike are close together. "
            "The colours show %(n)d opinion groups; the table below gives their sizes."
        )
        % {"n": len(view.groups)},
        columns=[_("Opinion group"), _("Participants"), _("Per cent of participants")],
        rows=[(g.label, g.size, pct(g.size / total)) for g in view.groups],
    )


def declared_summary(view: ResultsView) -> list[tuple[str, str, int]]:
    """Declared groups (party, role) that took part, with at least MIN_NAMED_GROUP people."""
    if view.run is None:
        return []
    out = []
    for kind, title in (("party", _("Party")), ("role", _("Role"))):
        for label, size in sorted(view.run.data["declared"][kind]["sizes"].items()):
            if size >= MIN_NAMED_GROUP:
                name = str(Role(label).label) if kind == "role" else label
                out.append((str(title), name, size))
    return out


def _rows_pdf(pdf: FPDF, title: str, rows: list[StatementRow], note: str) -> None:
    pdf.set_font(FONT_FAMILY, "B", size=13)
    pdf.multi_cell(0, 7, text=title, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT_FAMILY, size=9)
    pdf.multi_cell(0, 5, text=note, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FONT_FAMILY, size=10)
    if not rows:
        pdf.multi_cell(0, 6, text=_("None yet."), new_x="LMARGIN", new_y="NEXT", align="L")
    for row in rows:
        line = _("%(agree)s agree (90 %% interval %(lo)s–%(hi)s) of %(n)d votes") % {
            "agree": pct(row.agree_share), "lo": pct(row.agree_lo), "hi": pct(row.agree_hi),
            "n": row.seen,
        }  # fmt: skip
        if row.bridging is not None:
            line += ". " + _("Bridging score %(score)s") % {"score": pct(row.bridging)}
        pdf.multi_cell(0, 6, text="• " + row.text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FONT_FAMILY, size=9)
        pdf.multi_cell(0, 5, text="   " + line, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FONT_FAMILY, size=10)
    pdf.ln(3)


def report_pdf(conversation: Conversation, view: ResultsView) -> bytes:
    """The conversation report as PDF, in Danish (the language of the municipality's records)."""
    with translation.override("da"):
        pdf = pdf_document(margins=20)
        pdf.set_font(FONT_FAMILY, "B", size=16)
        pdf.multi_cell(0, 8, text=conversation.title, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.set_font(FONT_FAMILY, size=11)
        pdf.multi_cell(0, 6, text=conversation.question, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(2)
        pdf.set_font(FONT_FAMILY, size=9)
        if view.run is not None:
            pdf.multi_cell(
                0, 5, new_x="LMARGIN", new_y="NEXT",
                text=_("%(people)d participants, %(votes)d votes. Computed %(time)s.") % {
                    "people": view.run.participant_count, "votes": view.run.vote_count,
                    "time": datetime_text(view.run.created_at),
                }, align="L",
            )  # fmt: skip
        pdf.ln(3)
        for group in view.groups:
            pdf.set_font(FONT_FAMILY, "B", size=12)
            pdf.multi_cell(
                0, 6, new_x="LMARGIN", new_y="NEXT",
                text=_("Opinion group %(label)s: %(n)d participants") % {
                    "label": group.label, "n": group.size}, align="L",
            )  # fmt: skip
            pdf.set_font(FONT_FAMILY, size=10)
            for rep in group.statements:
                verb = _("agree") if rep["repful_for"] == "agree" else _("disagree")
                pdf.multi_cell(
                    0, 5, new_x="LMARGIN", new_y="NEXT",
                    text="• " + rep["text"] + " — " + _("%(share)s %(verb)s") % {
                        "share": pct(rep["p_success"]), "verb": verb}, align="L",
                )  # fmt: skip
            pdf.ln(2)
        _rows_pdf(pdf, _("Consensus"), view.consensus_agree + view.consensus_disagree,
                  _("Statements that every opinion group tends to agree (or disagree) on."))  # fmt: skip
        _rows_pdf(pdf, _("Bridging statements"), view.bridging,
                  _("Support in every party, role and opinion group; the score is the share that even the least convinced group agrees with, at least."))  # fmt: skip
        _rows_pdf(pdf, _("Divisive statements"), view.divisive,
                  _("The opinion groups disagree most about these."))  # fmt: skip
        return bytes(pdf.output())


# Open data: fixed column names, the same in every language (scripts read them).
DATA_COLUMNS = ["type", "statement_id", "participant", "value", "text", "status",
                "group", "agree", "disagree", "seen"]  # fmt: skip


def data_rows(conversation: Conversation, view: ResultsView | None = None) -> Iterator[list[Any]]:
    """Statements, anonymised votes (participant numbers) and opinion-group totals, as rows
    under ``DATA_COLUMNS`` (core.csv_export.csv_response makes them safe).

    Votes carry only a participant number; parties and roles never appear per participant,
    and opinion groups only as totals per statement (from the latest engine run).

    Accepted statements only, as in the API: a rejected statement may name a person or be
    hostile, and one awaiting moderation has not been read by anybody yet."""
    accepted = conversation.statements.filter(status=Statement.Status.ACCEPTED)
    for s in accepted.order_by("pk"):
        yield ["statement", s.pk, "", "", s.text, s.status, "", "", "", ""]
    votes = (
        Vote.objects.filter(
            statement__conversation=conversation, statement__status=Statement.Status.ACCEPTED
        )
        .order_by("participant__number", "statement_id")
        .values_list("statement_id", "participant__number", "value")
    )
    for statement_id, number, value in votes:
        yield ["vote", statement_id, number, value, "", "", "", "", "", ""]
    if view is not None and view.run is not None:
        for group in view.run.data["groups"]:
            for tid, (agree, disagree, seen) in sorted(
                group["votes"].items(), key=lambda kv: int(kv[0])
            ):
                if int(tid) in view.statements:
                    yield ["group", tid, "", "", "", "", group["label"], agree, disagree, seen]


def report_context(conversation: Conversation, view: ResultsView) -> dict[str, Any]:
    """What the results page and the report as a web page show (they share a template)."""
    return {
        "conversation": conversation,
        "view": view,
        "summary": results_summary(view),
        "chart": opinion_map(view),
        "divisive": divisive_rows(view),
        "declared": declared_summary(view),
    }
