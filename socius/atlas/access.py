"""Lookups of the atlas's public objects: an active indicator, one of the 98 municipalities.

Everything in the atlas is public, so there is nothing to guard but the shape of the input: an
unknown or inactive indicator and an unknown municipality code answer 404, looked up in the
snapshot the page reads anyway (no query of their own).
"""

from __future__ import annotations

from django.http import Http404

from socius.atlas.models import Indicator
from socius.atlas.selectors import Area, AtlasData


def indicator_public(data: AtlasData, code: str) -> Indicator:
    """The active indicator ``code``; 404 for any other."""
    indicator = data.by_code.get(code)
    if indicator is None:
        raise Http404
    return indicator


def municipality_public(data: AtlasData, code: str) -> Area:
    """The municipality with the three-digit ``code``; 404 for any other."""
    area = data.areas.get(code)
    if area is None:
        raise Http404
    return area
