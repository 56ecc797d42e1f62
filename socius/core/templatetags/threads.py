"""``{% load threads %}{% thread_box "proposal" proposal.public_id %}``: where an object stands
on its thread (previous and next steps with their public titles, a link to the whole thread),
in two queries and one per kind of neighbouring step; nothing when the object is on no
thread."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from socius.core.thread_selectors import thread_box_data

register = template.Library()


@register.simple_tag(takes_context=True)
def thread_box(context: Any, kind: str, key: Any) -> str:
    box = thread_box_data(kind, key)
    if box is None:
        return ""
    url = reverse("core:thread-detail", args=[box["thread"].public_id])
    return render_to_string(
        "core/includes/thread_box.html",
        {"box": box, "thread_url": url},
        request=context.get("request"),
    )
