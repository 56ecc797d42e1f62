"""Small text helpers for Danish content."""

from __future__ import annotations

from django.utils.text import slugify

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(value: str) -> str:
    """A URL slug that spells æ, ø and å as ae, oe and aa instead of dropping them."""
    return slugify(value.translate(_DANISH))
