"""The results page's one number format, for templates (socius.deliberation.summary)."""

from __future__ import annotations

from typing import Any

from django import template

from socius.deliberation.selectors import StatementRow
from socius.deliberation.summary import at_least_text, count_share_text, share_text

register = template.Library()


@register.filter
def agree_share(row: StatementRow) -> str:
    """How many of everybody who voted on the statement agree, with the interval in words."""
    return share_text(row.agree_share, row.agree_lo, row.agree_hi)


@register.filter
def at_least(bound: float | None) -> str:
    return at_least_text(bound)


@register.filter
def representative_share(rep: dict[str, Any]) -> str:
    """A group's representative statement: the share of the group that agrees (or, for a
    statement the group rejects, disagrees)."""
    return count_share_text(int(rep["n_success"]), int(rep["n_trials"]))
