"""Checks of text and links that every council service shares (plain text only: the pages
escape everything anyway, but markup in a decision is a paste from a word processor or an
attack, and neither belongs in the public record)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

_TAG = re.compile(r"<\s*[/!a-zA-Z?]")


def plain_text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    """``value`` stripped, or a ValidationError on ``field``: empty when required, too long,
    markup, or control characters."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("At most %(max)s characters (you have %(n)s).")
                % {"max": max_length, "n": len(value)}
            }
        )
    if _TAG.search(value):
        raise ValidationError({field: _("Write plain text without HTML.")})
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValidationError({field: _("The text contains characters that are not allowed.")})
    return value


def https_link(value: str, *, field: str) -> str:
    """An https:// link (or "") for a public document; anything else is refused, so that no
    javascript:, data: or plain-http link reaches a public page."""
    value = (value or "").strip()
    if not value:
        return ""
    message = _("Give the link as a full address that starts with https://.")
    if len(value) > 200 or urlsplit(value).scheme != "https":
        raise ValidationError({field: message})
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError:
        raise ValidationError({field: message}) from None
    return value
