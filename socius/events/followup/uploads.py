"""Checking slides before they are stored.

Threat model: an organiser's account (or someone who took it over) uploads a file that then
goes out to every visitor of a public event page. Refused: anything but a PDF (by name and by
its first bytes, so a renamed executable, HTML or SVG fails however it is named or whatever
content type the browser claims), an empty file, a file over ``SOCIUS_MAX_UPLOAD_MB`` (the
request itself is refused earlier, above the same limit, by RequestSizeLimitMiddleware), a PDF
that carries JavaScript or launch actions (a PDF reader would run them; the check is shared,
``socius.core.uploads.pdf_has_active_content``). The stored name is random
(``models._material_path``); the person's file name is never used on disk. Downloads are sent
as attachments with ``nosniff`` (``views.material_download``).

A PDF's own content (text, images) is not checked: the project has no virus scanner, and the
organiser answers for what they publish, as for the event's own text.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from socius.core.uploads import PDF_MAGIC, pdf_has_active_content
from socius.core.validators import validate_upload_size


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
    if pdf_has_active_content(upload):
        raise ValidationError(
            _("The PDF contains scripts or embedded files. Save it again without them."),
            code="active",
        )
    upload.seek(0)
