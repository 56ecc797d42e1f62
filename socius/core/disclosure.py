"""Small cells: the one rule every module that publishes counts of people follows.

Show nothing for a count under 5 people (DOMAIN.md, "Small numbers"): the atlas's figures, the
housing areas' income quintiles, and the cells researchers may not publish in a dataset.
"""

from __future__ import annotations

from decimal import Decimal

SMALL_CELL_LIMIT = 5


def is_small_count(count: int | float | Decimal) -> bool:
    """Whether a count of people is too small to show (fewer than ``SMALL_CELL_LIMIT``)."""
    return count < SMALL_CELL_LIMIT
