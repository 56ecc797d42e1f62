"""A plain A4 PDF of paragraphs, in the project's font (as grants' decision letters)."""

from __future__ import annotations

from socius.core.pdf import FONT_FAMILY, pdf_document


def paragraphs_pdf(*, title: str, paragraphs: list[str]) -> bytes:
    """``title`` as a heading, then each paragraph."""
    pdf = pdf_document(margins=20)
    pdf.set_font(FONT_FAMILY, "B", size=16)
    pdf.multi_cell(0, 8, align="L", new_x="LMARGIN", new_y="NEXT", text=title)
    pdf.set_font(FONT_FAMILY, size=11)
    for paragraph in paragraphs:
        pdf.ln(2)
        pdf.multi_cell(0, 6, align="L", new_x="LMARGIN", new_y="NEXT", text=paragraph)
    return bytes(pdf.output())
