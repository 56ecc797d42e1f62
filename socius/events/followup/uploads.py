"""Checking slides before they are stored.

Threat model: an organiser's account (or someone who took it over) uploads a file that then
goes out to every visitor of a public event page. Refused: anything but a PDF (by name and by
its first bytes, so a renamed executable, HTML or SVG fails however it is named or whatever
content type the browser claims), an empty file, a file over ``SOCIUS_MAX_UPLOAD_MB`` (the
request itself is refused earlier, above the same limit, by RequestSizeLimitMiddleware), a PDF
that carries JavaScript or launch actions (a PDF reader would run them). The stored name is
random (``models._material_path``); the person's file name is never used on disk. Downloads
are sent as attachments with ``nosniff`` (``views.material_download``).

A PDF's own content (text, images) is not checked: the project has no virus scanner, and the
organiser answers for what they publish, as for the event's own text.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from socius.core.validators import validate_upload_size

PDF_MAGIC = b"%PDF-"
# Name tokens for active content in a PDF (ISO 32000: /JavaScript, /JS, /Launch,
# /EmbeddedFile, /RichMedia); a hex-escaped name (#4A) is decoded first.
_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z0-9])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
CHUNK = 64 * 1024


def slides_check(upload: UploadedFile | None) -> None:
    """Raise ``ValidationError`` unless ``upload`` is a non-empty, passive PDF within the
    size limit."""
    if upload is None:
        raise ValidationError(_("Choose a PDF file."), code="required")
    validate_upload_size(upload)
    if not (upload.size or 0):
        raise ValidationError(_("The file is empty."), code="empty")
    name = (upload.name or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("Only PDF files can be added as slides."), code="type")
    upload.seek(0)
    head = upload.read(1024)
    if not head.startswith(PDF_MAGIC):
        raise ValidationError(
            _("The file is not a PDF, although its name ends in .pdf."), code="content"
        )
    if _has_active_content(upload):
        raise ValidationError(
            _("The PDF contains scripts or embedded files. Save it again without them."),
            code="active",
        )
    upload.seek(0)


def _has_active_content(upload: UploadedFile) -> bool:
    upload.seek(0)
    tail = b""
    for chunk in upload.chunks(CHUNK):
        data = tail + chunk
        decoded = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
        if _ACTIVE.search(decoded):
            return True
        tail = data[-32:]
    return False
