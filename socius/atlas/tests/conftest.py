"""Atlas figures for tests, written straight to the models (the loaders have tests of their own).

``small_atlas``: three indicators for six municipalities and All Denmark, with a small cell, a
missing value and a series. ``full_atlas``: the shipped file's 98 municipalities and every
column, read from the shared data set, in one bulk insert per table.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from socius.atlas.models import (
    ALL_DENMARK,
    AreaLevel,
    Direction,
    Indicator,
    Observation,
    Source,
    SourceVersion,
    Status,
)
from socius.core.models import Theme

SHARED_CSV = Path(__file__).resolve().parents[4] / "shared" / "data" / "dk" / "indikatorer.csv"
OWN_CSV = Path(__file__).resolve().parents[1] / "data" / "indikatorer.csv"
# Six municipalities of different size: København, Frederiksberg, Aarhus, Odense, Læsø, Ærø.
SIX = ("101", "147", "751", "461", "825", "492")


@pytest.fixture
def source_version(db: None) -> SourceVersion:
    source = Source.objects.create(
        key="dst-test",
        title="Testtabel",
        publisher="Danmarks Statistik",
        licence="CC BY 4.0",
        url="https://www.statbank.dk/TEST",
        attribution="Danmarks Statistik, StatBank TEST",
    )
    return SourceVersion.objects.create(
        source=source, fetched_at=timezone.now(), checksum="0" * 64, origin="test"
    )


def make_indicator(version: SourceVersion, code: str, **fields: Any) -> Indicator:
    defaults: dict[str, Any] = {
        "title": code.capitalize(),
        "title_en": code.capitalize(),
        "unit": "%",
        "definition": f"Definition af {code}.",
        "source": version.source,
        "source_table": "TEST",
        "query": {"value": {"table": "TEST", "format": "BULK", "variables": []}},
    }
    defaults.update(fields)
    return Indicator.objects.create(code=code, **defaults)


def observe(
    version: SourceVersion,
    indicator: Indicator,
    code: str,
    value: Decimal | int | str | None,
    *,
    period: str = "2024",
    status: str = Status.VALUE,
    numerator: int | None = None,
    denominator: int | None = None,
) -> Observation:
    level = AreaLevel.COUNTRY if code == ALL_DENMARK else AreaLevel.MUNICIPALITY
    return Observation.objects.create(
        indicator=indicator,
        level=level,
        area_code=code,
        period=period,
        value=None if value is None else Decimal(str(value)),
        status=status
        if value is not None
        else (Status.MISSING if status == Status.VALUE else status),
        numerator=numerator,
        denominator=denominator,
        source_version=version,
    )


@pytest.fixture
def small_atlas(source_version: SourceVersion) -> dict[str, Indicator]:
    """Population (structural, a count of people, no national value), income (structural,
    higher is better), and a poverty rate (theme "oekonomisk-ulighed", counts people, with
    numerators: Læsø's counts 3 children, a small cell; Ærø has no value) with a national value
    and a series for København."""
    v = source_version
    theme = Theme.objects.get(slug="oekonomisk-ulighed")
    population = make_indicator(
        v,
        "folketal",
        title="Folketal",
        unit="personer",
        decimals=0,
        is_structural=True,
        counts_people=True,
        position=1,
    )
    income = make_indicator(
        v,
        "indkomst",
        title="Disponibel indkomst",
        unit="kr.",
        decimals=0,
        direction=Direction.HIGHER_BETTER,
        is_structural=True,
        theme=theme,
        position=2,
    )
    poverty = make_indicator(
        v,
        "fattigdom",
        title="Børn i fattigdom",
        direction=Direction.HIGHER_WORSE,
        counts_people=True,
        numerator="Fattige børn",
        denominator="Alle børn",
        theme=theme,
        position=3,
        query={"numerator": {"table": "TEST"}, "denominator": {"table": "TEST2"}},
    )
    people = {"101": 671714, "147": 106150, "751": 378361, "461": 213168, "825": 1753, "492": 5971}
    money = {"101": 295836, "147": 344810, "751": 290000, "461": 270000, "825": 250000}
    money["492"] = 255000
    poor = {"101": (4600, 100000), "147": (500, 16000), "751": (2400, 60000), "461": (1900, 40000)}
    poor["825"] = (3, 250)
    for code, n in people.items():
        observe(v, population, code, n, period="2026K1")
    for code, n in money.items():
        observe(v, income, code, n)
    observe(v, income, ALL_DENMARK, 300000)
    for code, (num, den) in poor.items():
        observe(v, poverty, code, Decimal(num * 100) / den, numerator=num, denominator=den)
    observe(v, poverty, "492", None)
    observe(v, poverty, ALL_DENMARK, "4.1", numerator=50000, denominator=1200000)
    for period, value in (("2021", "5.2"), ("2022", "4.9"), ("2023", "4.7")):
        observe(v, poverty, "101", value, period=period, numerator=5000, denominator=100000)
    return {"population": population, "income": income, "poverty": poverty}


def _decimal(text: str) -> Decimal | None:
    return Decimal(text) if text.strip() else None


@pytest.fixture
def full_atlas(source_version: SourceVersion) -> list[Indicator]:
    """Every column of the shipped file as an indicator, for all 98 municipalities; population,
    income, employment and education are structural, as the loader marks them."""
    path = OWN_CSV if OWN_CSV.exists() else SHARED_CSV
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    columns = [c for c in rows[0] if c not in ("kommunekode", "kommune")]
    structural = {
        "folketal",
        "disponibel_indkomst_gns_kr",
        "beskaeftigelse_pct",
        "udd_over_grundskole_30_34_pct",
    }
    themes = {t.slug: t for t in Theme.objects.all()}
    theme_of = {
        "gini": "oekonomisk-ulighed",
        "boernefattigdom_pct": "boern-og-unge",
        "middellevetid_aar": "ulighed-i-sundhed",
        "ensomhed_pct": "faellesskaber-og-ensomhed",
        "daarligt_mentalt_helbred_pct": "stress-og-mental-sundhed",
    }
    indicators = [
        make_indicator(
            source_version,
            column.replace("_", "-"),
            title=column.replace("_", " ").capitalize(),
            theme=themes.get(theme_of.get(column, "")),
            decimals=0 if column == "folketal" else 1,
            is_structural=column in structural,
            counts_people=column == "folketal",
            position=n,
        )
        for n, column in enumerate(columns)
    ]
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            level=AreaLevel.MUNICIPALITY,
            area_code=row["kommunekode"],
            period="2024",
            value=_decimal(row[column]),
            status=Status.VALUE if _decimal(row[column]) is not None else Status.MISSING,
            source_version=source_version,
        )
        for indicator, column in zip(indicators, columns, strict=True)
        for row in rows
    )
    return indicators
