"""Evidence files: core.uploads.document_check refuses lies, active content and zip bombs."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from socius.core.uploads import document_check
from socius.procurement.clauses.tests.conftest import PDF, office_upload, pdf_upload


def test_it_accepts_a_passive_pdf_a_png_and_a_docx():
    assert document_check(pdf_upload()) == "pdf"
    png = SimpleUploadedFile("billede.PNG", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert document_check(png) == "png"
    assert document_check(office_upload()) == "docx"
    jpeg = SimpleUploadedFile("foto.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    assert document_check(jpeg) == "jpg"


@pytest.mark.parametrize(
    "content",
    [
        PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /#4Aava#53cript >>"),
        PDF.replace(b"/Catalog", b"/Catalog /Launch << /F (calc.exe) >>"),
        PDF.replace(b"/Catalog", b"/Catalog /Names << /EmbeddedFiles 2 0 R >> /EmbeddedFile"),
    ],
    ids=["javascript", "escaped-javascript", "launch", "embedded-file"],
)
def test_it_refuses_a_pdf_with_active_content(content):
    with pytest.raises(ValidationError) as caught:
        document_check(pdf_upload(content=content))
    assert caught.value.code == "active"


def test_it_refuses_a_zip_bomb_dressed_as_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (50 * 1024 * 1024))
    bomb = SimpleUploadedFile("rapport.docx", buffer.getvalue())
    assert bomb.size < 1024 * 1024
    with pytest.raises(ValidationError, match="zip-bombe"):
        document_check(bomb)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"[Content_Types].xml": b"x", "word/vbaProject.bin": b"x"}, "makroer"),
        ({"[Content_Types].xml": b"x", "../../etc/passwd": b"x"}, "usikkert navn"),
        ({"hello.txt": b"x"}, "ikke et kontordokument"),
    ],
    ids=["makroer", "path-escape", "no-manifest"],
)
def test_it_refuses_office_files_with_tricks(members, expected):
    with pytest.raises(ValidationError, match=expected):
        document_check(office_upload(members=members))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("program.exe", b"MZ\x90\x00", "type"),
        ("side.html", b"<html><script>alert(1)</script>", "type"),
        ("billede.svg", b"<svg onload='alert(1)'/>", "type"),
        ("falsk.pdf", b"MZ\x90\x00 not a pdf", "content"),
        ("falsk.docx", b"%PDF-1.4", "content"),
        ("tom.pdf", b"", "empty"),
        ("ødelagt.xlsx", b"PK\x03\x04garbage", "zip"),
    ],
    ids=["exe", "html", "svg", "renamed-exe", "pdf-as-docx", "empty", "broken-zip"],
)
def test_it_refuses_types_that_lie_or_are_not_allowed(name, content, code):
    with pytest.raises(ValidationError) as caught:
        document_check(SimpleUploadedFile(name, content))
    assert caught.value.code == code


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.MAX_UPLOAD_MB = 1
    big = pdf_upload(content=PDF + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        document_check(big)
