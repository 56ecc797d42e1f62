"""The context of the "non-Western" criterion, in one place so that every page that shows the
criterion links the same explanation, and an update is one edit.

EU Court of Justice case C-417/23 (Slagelse Almennyttige Boligselskab, Afdeling
Schackenborgvænge), referred by Østre Landsret in 2023, asks whether the criterion "immigrants
and descendants from non-Western countries" in almenboligloven is discrimination on grounds of
ethnic origin (directive 2000/43/EC). The facts below were checked on ``CHECKED_ON``: update
them (and the page's text, housing/non_western.html) when Østre Landsret decides the case.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class CourtCase:
    number: str
    name: str
    url: str
    referred_on: datetime.date
    judgment_on: datetime.date | None
    ecli: str
    checked_on: datetime.date


NON_WESTERN_CONTEXT = CourtCase(
    number="C-417/23",
    name="Slagelse Almennyttige Boligselskab, Afdeling Schackenborgvænge",
    url="https://curia.europa.eu/juris/liste.jsf?num=C-417/23",
    referred_on=datetime.date(2023, 7, 6),
    judgment_on=datetime.date(2025, 12, 18),
    ecli="ECLI:EU:C:2025:1017",
    checked_on=datetime.date(2026, 12, 4),
)
