"""Decision letters as PDF, in Danish, with the score per criterion, the amount and the reason."""

from __future__ import annotations

import statistics
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _

from socius.core.dates import date_text
from socius.core.money import format_danish_amount
from socius.core.pdf import FONT_FAMILY, pdf_document
from socius.grants.models import Application
from socius.grants.selectors import application_score
from socius.grants.workflows import ApplicationState


def _criterion_lines(app: Application) -> list[tuple[str, str]]:
    summary = application_score(app, app.round)
    lines = []
    for criterion in app.round.criteria.all():
        values = [v for v in summary.per_criterion.get(criterion.key, []) if v is not None]
        shown = (
            formats.number_format(statistics.median(values), 1) if values else _("not applicable")
        )
        lines.append((f"{criterion.name} ({criterion.weight * 100:.0f} %)", str(shown)))
    total = "-" if summary.score is None else formats.number_format(summary.score, 2)
    lines.append((_("Total score (0-5)"), str(total)))
    return lines


def decision_letter_pdf(app: Application) -> bytes:
    """The letter as PDF bytes; always in Danish, the language of the municipality's decisions."""
    with translation.override("da"):
        pdf = pdf_document(margins=20)
        pdf.set_font(FONT_FAMILY, size=10)
        pdf.cell(0, 6, app.round.pool.name, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(
            0,
            6,
            date_text(app.round.decided_at or app.updated_at),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(6)
        pdf.set_font(FONT_FAMILY, "B", size=16)
        pdf.multi_cell(
            0,
            8,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
            text=_("Decision on your application: %(title)s") % {"title": app.title},
        )
        pdf.set_font(FONT_FAMILY, size=11)
        pdf.ln(2)
        pdf.multi_cell(
            0,
            6,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
            text=_("To: %(org)s") % {"org": app.organisation.name},
        )
        pdf.ln(2)
        pdf.multi_cell(0, 6, align="L", new_x="LMARGIN", new_y="NEXT", text=_decision_text(app))
        pdf.ln(2)
        pdf.multi_cell(
            0,
            6,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
            text=_("Reason: %(reason)s") % {"reason": app.decision_reason},
        )
        pdf.ln(4)
        pdf.set_font(FONT_FAMILY, "B", size=12)
        pdf.cell(0, 8, _("Your score per criterion"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT_FAMILY, size=10)
        for label, value in _criterion_lines(app):
            pdf.cell(140, 6, label)
            pdf.cell(0, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font(FONT_FAMILY, size=11)
        body = app.round.decision_body or _("the committee")
        pdf.multi_cell(
            0,
            6,
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
            text=_("The decision was made by %(body)s.") % {"body": body},
        )
        if app.state == ApplicationState.GRANTED:
            deadline = date_text(app.round.report_deadline)
            pdf.multi_cell(
                0,
                6,
                align="L",
                new_x="LMARGIN",
                new_y="NEXT",
                text=_(
                    "Report back on how the money was used by %(date)s. Unused funds are repaid."
                )
                % {"date": deadline},
            )
        return bytes(pdf.output())


def _decision_text(app: Application) -> str:
    granted = app.granted_amount or Decimal(0)
    if app.state == ApplicationState.GRANTED:
        return _("You have been granted %(granted)s of the %(requested)s you applied for.") % {
            "granted": format_danish_amount(granted),
            "requested": format_danish_amount(app.amount_requested),
        }
    return _("Your application has not been granted this time.")
