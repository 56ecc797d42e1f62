"""Small helpers of the event pages' templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def organiser_name(event: Any) -> str:
    """The event's organiser as people know it (needs ``space__municipality`` and
    ``organisation`` selected with the event)."""
    if event.space_id is not None:
        return str(event.space.name)
    if event.organisation_id is not None:
        return str(event.organisation.name)
    return _("The think tank")


@register.filter
def organiser_key(event: Any) -> str:
    """The organiser's key in the calendar's filter (``?organiser=``) and its feed's name."""
    from socius.events.selectors import organiser_key as key

    return key(event)
