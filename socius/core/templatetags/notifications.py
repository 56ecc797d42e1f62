"""``{% load notifications %}``: the unread count for the header link."""

from __future__ import annotations

from typing import Any

from django import template

from socius.core.notifications import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def notifications_unread(context: dict[str, Any]) -> int:
    """``{% notifications_unread as n %}``: the logged-in person's unread notifications (one
    indexed COUNT; 0 and no query for anonymous visitors)."""
    return notification_unread_count(user=context.get("user"))
