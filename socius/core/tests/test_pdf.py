"""pdf_document: A4 with the site's font in regular and bold, Danish letters, /Lang."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from fpdf import FPDF

from socius.core.pdf import FONT_FAMILY, pdf_document

DANISH = "Blåbærgrød på Ærø, Øresund og Åbenrå: æøå ÆØÅ"


def _render(**kwargs: Any) -> bytes:
    pdf = pdf_document(**kwargs)
    pdf.set_font(FONT_FAMILY, "B", size=16)
    pdf.multi_cell(0, 8, text=DANISH, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT_FAMILY, size=11)
    pdf.multi_cell(0, 6, text=DANISH, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _embedded_fonts(data: bytes) -> set[str]:
    # fpdf2 names each embedded subset "MPDFAA+<the font's PostScript name>".
    return {name.decode() for name in re.findall(rb"/BaseFont /[A-Z]{6}\+([A-Za-z0-9-]+)", data)}


def test_it_renders_danish_letters_in_regular_and_bold(caplog: pytest.LogCaptureFixture) -> None:
    # fpdf2 logs a warning naming every character a font has no glyph for.
    with caplog.at_level(logging.WARNING, logger="fpdf"):
        data = _render()

    assert data.startswith(b"%PDF-")
    assert [r.getMessage() for r in caplog.records if "missing" in r.getMessage()] == []


def test_it_embeds_both_weights() -> None:
    assert _embedded_fonts(_render()) == {"IBMPlexSans", "IBMPlexSansBold"}


@pytest.mark.parametrize("language", ["da", "en"])
def test_it_sets_the_document_language(language: str) -> None:
    data = _render(language=language)

    assert re.findall(rb"/Lang \(([a-z-]+)\)", data) == [language.encode()]


def test_it_starts_an_a4_page_with_the_margins_asked_for() -> None:
    pdf = pdf_document(margins=18)

    assert pdf.page == 1
    assert (round(pdf.w), round(pdf.h)) == (210, 297)
    assert (pdf.l_margin, pdf.t_margin, pdf.r_margin) == (18, 18, 18)
    assert (pdf.x, pdf.y) == (18, 18)


def test_it_keeps_fpdfs_own_margins_when_asked_for_none() -> None:
    own = FPDF()

    pdf = pdf_document(margins=None)

    assert (pdf.l_margin, pdf.t_margin, pdf.r_margin) == (own.l_margin, own.t_margin, own.r_margin)
    assert pdf.l_margin != 20
