"""``{{ ore|kr }}``: an amount in øre as Danish kroner ("1.500 kr.", "1.500,50 kr.")."""

from __future__ import annotations

from django import template

from socius.support.tax.agreement import kr_text

register = template.Library()


@register.filter
def kr(ore: int | None) -> str:
    return kr_text(int(ore or 0))


@register.simple_tag
def deduction_this_year(supporter: object) -> object:
    """The supporter's DeductionSummary for this year (None without a supporter)."""
    from django.utils import timezone

    from socius.support.models import Supporter
    from socius.support.tax.selectors import deduction_for

    if not isinstance(supporter, Supporter):
        return None
    return deduction_for(supporter=supporter, year=timezone.localdate().year)
