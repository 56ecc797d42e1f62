"""``{{ contract.estimated_value_ore|kroner }}`` and ``{{ code|cpv_label }}``."""

from django import template

from socius.core.templatetags.socius import kroner as core_kroner
from socius.procurement import cpv

register = template.Library()


# Money reads the same on every page: core's filter, under this library's name too.
register.filter("kroner", core_kroner)


@register.filter
def cpv_label(code: str) -> str:
    return cpv.cpv_label(code)
