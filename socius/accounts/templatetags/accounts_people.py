"""``{% load accounts_people %}``: what the layout needs to know about the signed-in person."""

from __future__ import annotations

from django import template

from socius.accounts.middleware import is_pupil

register = template.Library()


@register.filter
def pupil(user: object) -> bool:
    """``{% if user|pupil %}``: a pupil of the citizenship elective, who has no account pages
    (their profile and overview send them to their class), so the header links the class."""
    return is_pupil(user)
