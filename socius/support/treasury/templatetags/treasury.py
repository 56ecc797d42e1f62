"""``{{ amount_ore|kroner }}``: øre as Danes read kroner ("1.500,50 kr.")."""

from decimal import Decimal

from django import template

from socius.core.money import format_danish_amount

register = template.Library()


@register.filter
def kroner(amount_ore: int | None) -> str:
    if amount_ore is None:
        return ""
    return format_danish_amount(Decimal(int(amount_ore)) / 100)
