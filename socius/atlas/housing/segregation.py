"""Residential segregation by income within one municipality, as pure functions.

The programme asks to counter segregation "of the one kind and the other": deprived and
affluent enclaves alike. Two measures over a municipality's areas, for the residents in the
municipality's lowest income quintile (``a``) and in its highest (``b``):

- the dissimilarity index ``D = 1/2 * sum_i |a_i / A - b_i / B|`` (Duncan and Duncan 1955):
  the share of either group that would have to move for the two to be spread alike; 0 when
  every area holds the same share of both groups, 1 when no area holds both;
- for each group, the share of it living in areas where it is over-represented: areas whose
  share of the group among their residents (``a_i / t_i``) is above the municipality's
  (``A / T``).

Exact arithmetic with ``Fraction``: the results are ratios of counts, so they are exact and
the properties (symmetry, bounds) hold without rounding. Round only to show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def dissimilarity(a: Sequence[int], b: Sequence[int]) -> Fraction | None:
    """Duncan's D of two groups' counts per area; None when either group is empty."""
    if len(a) != len(b):
        raise ValueError("both groups need a count for every area")
    if any(x < 0 for x in a) or any(x < 0 for x in b):
        raise ValueError("counts cannot be negative")
    total_a, total_b = sum(a), sum(b)
    if total_a == 0 or total_b == 0:
        return None
    return Fraction(1, 2) * sum(
        (abs(Fraction(x, total_a) - Fraction(y, total_b)) for x, y in zip(a, b, strict=True)),
        Fraction(0),
    )


def overrepresented_share(group: Sequence[int], residents: Sequence[int]) -> Fraction | None:
    """The share of ``group`` living in areas where its share of the residents is above the
    municipality's; None when the group or the municipality is empty."""
    if len(group) != len(residents):
        raise ValueError("both need a count for every area")
    if any(g < 0 or g > t for g, t in zip(group, residents, strict=True)):
        raise ValueError("an area's group cannot be negative or larger than its residents")
    total_group, total = sum(group), sum(residents)
    if total_group == 0 or total == 0:
        return None
    overall = Fraction(total_group, total)
    living_over = sum(
        g for g, t in zip(group, residents, strict=True) if t and Fraction(g, t) > overall
    )
    return Fraction(living_over, total_group)
