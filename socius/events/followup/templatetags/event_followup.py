"""``{% followup_block event can_manage as block %}``: what the event page shows after the
event (``selectors.block_for``)."""

from __future__ import annotations

from typing import Any

from django import template

from socius.events.followup.selectors import Block, block_for

register = template.Library()


@register.simple_tag
def followup_block(event: Any, can_manage: Any) -> Block:
    return block_for(event=event, can_manage=bool(can_manage))
