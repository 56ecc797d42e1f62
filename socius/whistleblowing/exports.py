"""A case as PDF, for the handler's file. Logged by the view; treat it as the report itself."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from socius.core.dates import date_text, datetime_text
from socius.core.pdf import FONT_FAMILY, pdf_document
from socius.whistleblowing.models import Report


def case_pdf(
    report: Report, content: dict[str, str], thread: list[tuple[datetime.datetime, str, str, str]]
) -> bytes:
    # FPDF's own margins (1 cm), as this file has always had; the labels are in the handler's
    # language on the site.
    pdf = pdf_document(margins=None, language=translation.get_language() or "da")
    pdf.set_font(FONT_FAMILY, "B", size=16)
    pdf.multi_cell(
        0,
        8,
        _("Whistleblower case %(id)s") % {"id": report.short_id},
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.multi_cell(
        0, 6, f"{_('Channel')}: {report.channel.name}", new_x="LMARGIN", new_y="NEXT", align="L"
    )
    pdf.multi_cell(
        0,
        6,
        f"{_('State')}: {report.get_state_display()}",
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    pdf.multi_cell(
        0,
        6,
        f"{_('Received')}: {date_text(report.received_on)}",
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    for key, value in content.items():
        if value:
            pdf.multi_cell(
                0, 6, f"{key}: {_printable(value)}", new_x="LMARGIN", new_y="NEXT", align="L"
            )
    for created, author, kind, body in thread:
        pdf.multi_cell(
            0,
            6,
            f"{datetime_text(created)} {author} ({kind}): {_printable(body)}",
            new_x="LMARGIN",
            new_y="NEXT",
            align="L",
        )
    return bytes(pdf.output())


def _printable(text: Any) -> str:
    # The font covers Latin scripts; other characters become "?" rather than failing.
    return "".join(ch if ch.isprintable() or ch == "\n" else "?" for ch in str(text))
