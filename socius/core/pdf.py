"""The one way to start a PDF: an A4 page with the site's font embedded (IBM Plex Sans from the
vendored DKFDS package, regular and bold), so Danish letters come out right and headings can
be bold, and with the document language set (/Lang), which screen readers use to pick a voice.

Write text with ``pdf.set_font(FONT_FAMILY, size=...)`` for body text and
``pdf.set_font(FONT_FAMILY, "B", size=...)`` for titles and headings.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF

FONT_FAMILY = "Plex"

_FONTS = Path(settings.BASE_DIR) / "socius/static/vendor/dkfds/fonts/IBMPlexSans/complete"
FONT_REGULAR = _FONTS / "ttf/IBMPlexSans-Regular.ttf"
# DKFDS ships the bold weight as WOFF only; fpdf2 reads WOFF (through fontTools).
FONT_BOLD = _FONTS / "woff/IBMPlexSans-Bold.woff"


def pdf_document(*, margins: float | None = 20, language: str = "da") -> FPDF:
    """A new A4 document on its first page, with ``FONT_FAMILY`` registered in regular and bold.

    ``margins`` (mm) sets the left, top and right margins; ``None`` keeps FPDF's own (1 cm).
    The bottom margin (where a page breaks) stays FPDF's 2 cm either way. ``language`` is the
    document's language tag (``"da"``, ``"en"``). No font is selected: call ``set_font``."""
    pdf = FPDF(format="A4")
    if margins is not None:
        pdf.set_margins(margins, margins, margins)
    pdf.add_font(FONT_FAMILY, "", FONT_REGULAR)
    pdf.add_font(FONT_FAMILY, "B", FONT_BOLD)
    pdf.set_lang(language)
    pdf.add_page()
    return pdf
