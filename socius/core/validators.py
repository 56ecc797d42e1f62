"""Validators for Danish identifiers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def normalise_cvr(value: str) -> str:
    """Drop the spaces, dashes and "DK" prefix people type around a CVR number."""
    cleaned = value.strip().upper().removeprefix("DK")
    return "".join(ch for ch in cleaned if ch not in " -.")


def cvr_is_valid(value: str) -> bool:
    """True when ``value`` is 8 digits, not starting with 0, passing CVR's modulus-11 check."""
    if len(value) != 8 or not value.isascii() or not value.isdigit() or value[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


def validate_cvr(value: str) -> None:
    if not cvr_is_valid(normalise_cvr(value)):
        raise ValidationError(
            _("Enter a valid CVR number: 8 digits that pass the CVR check."), code="invalid_cvr"
        )


def validate_upload_size(upload: Any) -> None:
    """For file fields: refuse files larger than SOCIUS_MAX_UPLOAD_MB."""
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if upload is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(limit)d MB."),
            code="file_too_large",
            params={"limit": settings.MAX_UPLOAD_MB},
        )
