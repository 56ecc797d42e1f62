"""The yearly cap on the § 8 A deduction per person, as data (ligningsloven § 8 A, stk. 1).

The cap is a basic amount regulated each year under personskattelovens § 20. Each row says
where the figure comes from; ``verified=False`` marks figures not yet checked against
Skattestyrelsen's own publication: the treasurer must check them before a report is final.
§ 12, stk. 3 commitments have no such cap here (the donor's own limit, 15 % of their income,
is Skattestyrelsen's to apply: the association cannot know the income).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cap:
    year: int
    ore: int
    source: str
    verified: bool


_JV = "Den juridiske vejledning C.A.4.3.5.8 (tax.dk mirror, edition {})"

CAPS: dict[int, Cap] = {
    cap.year: cap
    for cap in (
        Cap(2017, 1_560_000, _JV.format("2018-2"), True),
        Cap(2018, 1_590_000, _JV.format("2019-1"), True),
        Cap(2019, 1_630_000, _JV.format("2020-2"), True),
        Cap(2020, 1_660_000, _JV.format("2020-2"), True),
        Cap(2021, 1_700_000, "UNVERIFIED: regulated figure not found in a source yet", False),
        Cap(2022, 1_730_000, "UNVERIFIED: regulated figure not found in a source yet", False),
        Cap(2023, 1_770_000, "DOMAIN.md (Skattestyrelsen, 2023)", True),
        Cap(2024, 1_830_000, "UNVERIFIED: regulated figure not found in a source yet", False),
        Cap(2025, 1_900_000, "UNVERIFIED: regulated figure not found in a source yet", False),
        Cap(2026, 1_900_000, "UNVERIFIED: the 2025 figure carried forward", False),
    )
}


def cap_for(year: int) -> Cap:
    """The cap for ``year``; a year not in the table takes the nearest earlier year's figure,
    marked unverified (the table needs the new year's figure)."""
    if year in CAPS:
        return CAPS[year]
    earlier = [y for y in CAPS if y < year]
    base = CAPS[max(earlier)] if earlier else CAPS[min(CAPS)]
    return Cap(year, base.ore, f"UNVERIFIED: {base.year} figure carried forward", False)
