"""A plain A4 PDF of paragraphs, in the project's font (as grants' decision letters)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF

FONT = (
    Path(settings.BASE_DIR)
    / "socius/static/vendor/dkfds/fonts/IBMPlexSans/complete/ttf/IBMPlexSans-Regular.ttf"
)


def paragraphs_pdf(*, title: str, paragraphs: list[str]) -> bytes:
    """``title`` as a heading, then each paragraph."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.add_font("Plex", "", str(FONT))
    pdf.set_font("Plex", size=16)
    pdf.multi_cell(0, 8, align="L", new_x="LMARGIN", new_y="NEXT", text=title)
    pdf.set_font("Plex", size=11)
    for paragraph in paragraphs:
        pdf.ln(2)
        pdf.multi_cell(0, 6, align="L", new_x="LMARGIN", new_y="NEXT", text=paragraph)
    return bytes(pdf.output())
