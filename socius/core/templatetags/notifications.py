"""``{% load notifications %}``: the unread count for the header link."""

from __future__ import annotations

from typing import Any

from django import template

from socius.core.notifications import notification_unread_count

register = template.Library()

_MEMO = "_socius_unread_count"


@register.simple_tag(takes_context=True)
def notifications_unread(context: dict[str, Any]) -> int:
    """``{% notifications_unread as n %}``: the logged-in person's unread notifications (one
    indexed COUNT per request, however often the header shows it; 0 and no query for
    anonymous visitors)."""
    request = context.get("request")
    user = context.get("user")
    if request is None or getattr(request, "user", None) is not user:
        return notification_unread_count(user=user)
    count: int | None = getattr(request, _MEMO, None)
    if count is None:
        count = notification_unread_count(user=user)
        setattr(request, _MEMO, count)
    return count
