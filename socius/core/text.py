"""Small text helpers for Danish content."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.text import slugify

# Personal data in free text, for the modules that warn about it (proposals' writing help) or
# remove it (advice answers turned into guides). A CPR number is ddmmyy-xxxx or ddmmyyxxxx
# whose first six digits are a plausible date.
CPR_IN_TEXT = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[ -]?\d{4}(?!\d)")
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A Danish phone number: eight digits, optionally +45 or 0045 first, written together, in pairs
# or in two fours, separated by spaces or dashes. Two fours that are both years ("2024-2025")
# are a period, not a number.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+])(?:(?:\+|00)45[ -]?)?"
    r"(?!(?:19|20)\d\d[ -](?:19|20)\d\d(?!\d))"
    r"(?:\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}|\d{4}[ -]\d{4})(?!\d)"
)

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(value: str) -> str:
    """A URL slug that spells æ, ø and å as ae, oe and aa instead of dropping them."""
    return slugify(value.translate(_DANISH))


def slug_free(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or the first of "base-2", "base-3", ... that ``taken`` says is free."""
    slug, n = base, 2
    while taken(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug
