"""``{{ amount_ore|kroner }}``: an amount in øre as Danes read it ("1.500,50 kr.")."""

from __future__ import annotations

from django import template

from socius.core.templatetags.socius import kroner as core_kroner

register = template.Library()


# Money reads the same on every page: core's filter, under this library's name too.
register.filter("kroner", core_kroner)


@register.filter
def percent_of(part: int, whole: int) -> int:
    """Whole percent of ``whole`` that ``part`` is, capped at 100 (for progress bars)."""
    if not whole:
        return 0
    return max(0, min(100, int(part) * 100 // int(whole)))
