"""Checking documents people upload before they are stored: PDFs, pictures and office files.

Threat model: a person with an account uploads a file that another person (a case handler, a
buyer, a visitor) later downloads and opens. Refused here:

- a type that lies about itself: the name's suffix must be on the allowed list and the first
  bytes must match it, so a renamed executable, HTML or SVG fails however it is named and
  whatever content type the browser claims;
- an empty file, or one over ``SOCIUS_MAX_UPLOAD_MB`` (``validate_upload_size``; the request
  itself is refused earlier, above the same limit, by RequestSizeLimitMiddleware);
- a PDF that carries JavaScript, launch actions, embedded files or rich media (a PDF reader
  would run or open them); names are decoded from their ``#xx`` escapes first;
- a zip-based office file (docx, xlsx, pptx, odt, ods) that is a zip bomb or a zip trick:
  too many entries, a declared unpacked size over ``MAX_UNPACKED_BYTES``, an entry packed
  more than ``MAX_RATIO`` times, encrypted entries, names with ``..`` or an absolute path,
  macros (``vbaProject.bin``), or no office manifest. Only the zip's directory is read; nothing
  is unpacked, so the check itself cannot be bombed. Python's zipfile stops at the declared
  size when reading, so an entry that lies about its size cannot unpack more than declared.

Not checked: the visible content of a document, and PDF streams that are themselves
compressed (a name hidden inside an object stream is not seen). The project has no virus
scanner; stored names are random and downloads are attachments with ``nosniff``, which is
the second line.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socius.core.validators import validate_upload_size

PDF_MAGIC = b"%PDF-"
# Name tokens for active content in a PDF (ISO 32000: /JavaScript, /JS, /Launch,
# /EmbeddedFile, /RichMedia); a hex-escaped name (#4A) is decoded first.
_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)(?![A-Za-z0-9])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
CHUNK = 64 * 1024

ZIP_MAGIC = b"PK\x03\x04"
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200

# suffix -> accepted first bytes
DOCUMENT_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (PDF_MAGIC,),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (ZIP_MAGIC,),
    "xlsx": (ZIP_MAGIC,),
    "pptx": (ZIP_MAGIC,),
    "odt": (ZIP_MAGIC,),
    "ods": (ZIP_MAGIC,),
}
OFFICE_ZIP = frozenset({"docx", "xlsx", "pptx", "odt", "ods"})


def pdf_has_active_content(upload: Any) -> bool:
    """Whether a PDF names JavaScript, launch actions, embedded files or rich media."""
    upload.seek(0)
    tail = b""
    for chunk in upload.chunks(CHUNK):
        data = tail + chunk
        decoded = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)
        if _ACTIVE.search(decoded):
            return True
        tail = data[-32:]
    upload.seek(0)
    return False


def office_zip_problem(upload: Any) -> str | None:
    """Why a zip-based office file is refused (a translated sentence), or None if it is fine.

    Reads only the zip's central directory; nothing is unpacked."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return _("The file cannot be opened as an office document. It may be damaged.")
    finally:
        upload.seek(0)
    if len(infos) > MAX_ZIP_ENTRIES:
        return _("The office document has too many parts to be checked.")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names and "mimetype" not in names:
        return _("The file is not an office document, although its name says so.")
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            return _("The office document contains a part with an unsafe name.")
        if info.flag_bits & 0x1:
            return _("The office document is encrypted. Save it without a password.")
        if name.lower().rsplit("/", 1)[-1] == "vbaproject.bin":
            return _("The office document contains macros. Save it without them.")
        total += info.file_size
        packed = max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or info.file_size / packed > MAX_RATIO:
            return _(
                "The office document unpacks to far more than its size (a zip bomb). "
                "Save it again as an ordinary document."
            )
    return None


def document_check(upload: Any, *, allowed: frozenset[str] | None = None) -> str:
    """Check an uploaded document (see the threat model above); return its suffix in lower
    case ("pdf", "docx", ...) or raise a translated ``ValidationError``."""
    if upload is None:
        raise ValidationError(_("Choose a file."), code="required")
    validate_upload_size(upload)
    if not (upload.size or 0):
        raise ValidationError(_("The file is empty."), code="empty")
    allowed = allowed if allowed is not None else frozenset(DOCUMENT_MAGIC)
    name = str(upload.name or "").lower()
    suffix = name.rpartition(".")[2] if "." in name else ""
    if suffix not in allowed or suffix not in DOCUMENT_MAGIC:
        raise ValidationError(
            _("Files of this type cannot be added. Use PDF, PNG, JPEG or an office document."),
            code="type",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_MAGIC[suffix]):
        raise ValidationError(
            _("The file's content does not match its name (.%(suffix)s).") % {"suffix": suffix},
            code="content",
        )
    if suffix == "pdf" and pdf_has_active_content(upload):
        raise ValidationError(
            _("The PDF contains scripts or embedded files. Save it again without them."),
            code="active",
        )
    if suffix in OFFICE_ZIP:
        problem = office_zip_problem(upload)
        if problem:
            raise ValidationError(problem, code="zip")
    upload.seek(0)
    return "jpg" if suffix == "jpeg" else suffix
