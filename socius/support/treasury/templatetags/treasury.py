"""``{{ amount_ore|kroner }}``: øre as Danes read kroner ("1.500,50 kr.")."""

from django import template

from socius.core.templatetags.socius import kroner as core_kroner

register = template.Library()


# Money reads the same on every page: core's filter, under this library's name too.
register.filter("kroner", core_kroner)
