"""``{{ amount_ore|kroner }}``: an amount in øre as Danes read it ("1.500,50 kr.")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from socius.core.money import format_danish_amount

register = template.Library()


@register.filter
def kroner(amount_ore: int | None) -> str:
    if amount_ore is None or isinstance(amount_ore, bool):
        return ""
    return format_danish_amount(Decimal(int(amount_ore)) / 100)


@register.filter
def percent_of(part: int, whole: int) -> int:
    """Whole percent of ``whole`` that ``part`` is, capped at 100 (for progress bars)."""
    if not whole:
        return 0
    return max(0, min(100, int(part) * 100 // int(whole)))
