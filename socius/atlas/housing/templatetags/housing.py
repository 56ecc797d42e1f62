"""Template helpers of the housing pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from socius.atlas.housing.models import ListStatus
from socius.atlas.housing.presentation import number

register = template.Library()


@register.filter
def status_label(status: str | None) -> str:
    """The name of a list status ("" when the year has no rule set)."""
    return str(dict(ListStatus.choices).get(status or "", ""))


@register.filter
def dk_number(value: Any, places: Any = None) -> str:
    """A decimal the local way ("40,5"); "–" for nothing."""
    if value is None or value == "":
        return "–"
    return number(Decimal(value), int(places) if places not in (None, "") else None)
