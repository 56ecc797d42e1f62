"""Checking and naming uploads before they are encrypted.

Threat model: an upload that a handler's browser runs (HTML, SVG), a type that lies about
itself, a name that escapes a folder or reverses text on screen, a file that fills the disk.
Downloads are always octet-stream attachments with nosniff; this is the first line.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_NAME = 120
# extension -> accepted first bytes (None: text, checked for NUL bytes and UTF-8)
_MAGIC: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3"),
    "m4a": (b"\x00\x00\x00",),
    "txt": None,
    "csv": None,
    "eml": None,
}


def filename_clean(name: str) -> str:
    """A display name without folders, control or bidi characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip(" .")
    if not name:
        name = "file"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem or name)[: MAX_NAME - len(ext) - 1] + ("." + ext if ext else "")
    return name


def upload_check(upload: UploadedFile) -> str:
    """Validate one upload; return its clean name or raise ValidationError."""
    name = filename_clean(upload.name or "")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name})
    if size > settings.WHISTLEBLOWING_MAX_FILE_MB * 1024 * 1024:
        raise ValidationError(
            _("The file %(name)s is larger than %(mb)s MB.")
            % {"name": name, "mb": settings.WHISTLEBLOWING_MAX_FILE_MB}
        )
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in _MAGIC:
        raise ValidationError(
            _(
                "Files of this type cannot be sent: %(name)s. Send PDF, pictures, office documents, audio or text."
            )
            % {"name": name}
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    magic = _MAGIC[ext]
    if magic is None:
        lowered = head.lstrip().lower()
        if b"\x00" in head or lowered.startswith((b"<", b"\xef\xbb\xbf<")):
            raise ValidationError(
                _("The content of %(name)s does not match its type.") % {"name": name}
            )
    elif not head.startswith(magic):
        raise ValidationError(
            _("The content of %(name)s does not match its type.") % {"name": name}
        )
    return name
