"""The yearly programme report: its contents, as HTML (a page) and as PDF (fpdf2 with the
site's font embedded, so Danish letters come out right)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from socius.core.pdf import FONT_FAMILY, pdf_document
from socius.programme.models import ActionStatus, Programme, StatusChange
from socius.programme.selectors import programme_actions, programme_overview


@dataclass
class ReportContent:
    programme: Programme
    year: int
    commitments: list[dict[str, Any]]
    changes: list[StatusChange]
    decisions: list[Any]


def report_content(programme: Programme, year: int) -> ReportContent:
    """What the report says: per commitment its status, actions, milestones and measures, and
    the year's status changes and council decisions."""
    from socius.programme.selectors_activity import commitment_decisions

    start = datetime.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    end = datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())
    commitments = []
    all_actions: list[Any] = []
    all_measures: list[Any] = []
    by_commitment = programme_actions(programme)
    for glance in programme_overview(programme):
        actions = by_commitment.get(glance.commitment.pk, [])
        all_actions += actions
        all_measures += glance.measures
        commitments.append({"glance": glance, "actions": actions})
    # The programme's decisions read at once (not per commitment), each once even when it is
    # on the threads of two commitments, in the order they were made.
    dated = [
        (d.date, d)
        for d in commitment_decisions(all_actions, all_measures)
        if d.date and d.date.year == year
    ]
    decisions = [d for when, d in sorted(dated, key=lambda pair: pair[0])]
    changes = list(
        StatusChange.objects.filter(
            action__commitment__programme=programme, changed_at__gte=start, changed_at__lt=end
        ).select_related("action")
    )
    return ReportContent(programme, year, commitments, changes, decisions)


def report_html(content: ReportContent) -> str:
    with translation.override("da"):
        return render_to_string("programme/report_body.html", {"content": content})


def _line(pdf: FPDF, text: str, size: int = 10, height: float = 5, style: str = "") -> None:
    pdf.set_font(FONT_FAMILY, style, size=size)
    pdf.multi_cell(0, height, text=text, align="L", new_x="LMARGIN", new_y="NEXT")


def _number(value: Any) -> str:
    """A figure as the report page shows it: two decimals, none for a whole number, in Danish
    ("8,04", "9")."""
    return floatformat(value, "-2")


def measure_rows(measures: list[Any]) -> list[list[str]]:
    """The PDF's rows for a commitment's measures: title, baseline, latest figure and target,
    each with its year, the figures as the report page shows them."""
    return [
        [
            v.title,
            f"{_number(v.measure.baseline)} ({v.measure.baseline_year})",
            f"{_number(v.latest[1])} ({v.latest[0]})" if v.latest else "–",
            f"{_number(v.measure.target)} ({v.measure.target_year})",
        ]
        for v in measures
    ]


def _heading(pdf: FPDF, text: str, size: int = 12, height: float = 6) -> None:
    _line(pdf, text, size, height, style="B")


def _table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FONT_FAMILY, size=8)
    # Column headings in bold on a grey background, so they stand apart from the rows; the
    # cells ranged left (fpdf2 justifies them, which spreads the words of a narrow column).
    headings = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(first_row_as_headings=True, headings_style=headings, text_align="LEFT") as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(str(cell))


def report_pdf(content: ReportContent) -> bytes:
    """The report as PDF, in Danish (the language of the municipality's records)."""
    with translation.override("da"):
        pdf = pdf_document(margins=18)
        _heading(pdf, content.programme.title, 16, 8)
        _heading(pdf, _("Yearly report %(year)s") % {"year": content.year}, 12, 7)
        for item in content.commitments:
            glance = item["glance"]
            pdf.ln(3)
            _heading(pdf, str(glance.commitment))
            _line(pdf, glance.commitment.description, 9)
            if item["actions"]:
                _table(
                    pdf,
                    [_("Action"), _("Status"), _("Reason"), _("Milestones reached")],
                    [
                        [
                            a.title,
                            str(ActionStatus(a.status).label),
                            a.status_reason,
                            f"{sum(1 for m in a.milestones.all() if m.done_on)}/{len(a.milestones.all())}",
                        ]
                        for a in item["actions"]
                    ],
                )
            if glance.measures:
                _table(
                    pdf,
                    [_("Measure"), _("Baseline"), _("Latest figure"), _("Target")],
                    measure_rows(glance.measures),
                )
        pdf.ln(3)
        _heading(pdf, _("Status changes in the year"))
        if content.changes:
            _table(
                pdf,
                [_("Date"), _("Action"), _("New status"), _("Reason")],
                [
                    [
                        timezone.localdate(c.changed_at).isoformat(),
                        c.action.title,
                        str(ActionStatus(c.new).label),
                        c.reason,
                    ]
                    for c in content.changes
                ],
            )
        else:
            _line(pdf, _("No status changes."), 9)
        _heading(pdf, _("Council decisions in the year"))
        for d in content.decisions:
            _line(pdf, f"{d.date.isoformat() if d.date else ''} {d.title}", 9)
        if not content.decisions:
            _line(pdf, _("No council decisions."), 9)
        return bytes(pdf.output())
