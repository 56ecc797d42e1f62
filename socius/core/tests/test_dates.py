"""One date format per language everywhere: "2. december 2026" and "2 December 2026"."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from socius.core.dates import date_text, datetime_text

SOCIUS = Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 12, 2)
# 23:30 UTC on 31 January is already 1 February in Copenhagen.
LATE = datetime.datetime(2027, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("language", "expected"), [("da", "2. december 2026"), ("en", "2 December 2026")]
)
def test_it_writes_the_day_one_way_per_language(language: str, expected: str) -> None:
    with translation.override(language):
        assert date_text(DAY) == expected
        assert Template('{{ d|date:"DATE_FORMAT" }}').render(Context({"d": DAY})) == expected
        assert Template("{{ d|date }}").render(Context({"d": DAY})) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "1. februar 2027 00:30"), ("en", "1 February 2027 00:30")],
)
def test_it_writes_times_in_danish_local_time(language: str, expected: str) -> None:
    with translation.override(language):
        assert datetime_text(LATE) == expected
        assert date_text(LATE) == expected.rsplit(" ", 1)[0]
        rendered = Template('{{ d|date:"DATETIME_FORMAT" }}').render(Context({"d": LATE}))
        assert rendered == expected


def test_english_has_no_danish_day_dot() -> None:
    with translation.override("en"):
        assert date_text(datetime.date(2027, 1, 31)) == "31 January 2027"


# A page, mail or PDF that spells out its own pattern drifts from the others ("9. Dec 2026"
# beside "2. december 2026", "31. January 2027" in English).
_OWN_PATTERNS = [
    re.compile(
        r"""\|date:["'](?!DATE_FORMAT|DATETIME_FORMAT|SHORT_DATETIME_FORMAT|c["']|Y-m-d["'])"""
    ),
    re.compile(r"""date_format\([^)]*["'][jdDmMFNY]"""),
    re.compile(r"""strftime\(|:%d\.%m|%d\.%m\.%Y"""),
]


def test_no_template_or_module_spells_out_a_date_pattern() -> None:
    offenders = []
    for path in SOCIUS.rglob("*"):
        if path.suffix not in {".html", ".txt", ".py"} or "tests" in path.parts:
            continue
        if "migrations" in path.parts or "formats" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in _OWN_PATTERNS:
            offenders += [
                f"{path.relative_to(SOCIUS)}: {m.group(0)}" for m in pattern.finditer(text)
            ]
    assert not offenders, "\n".join(offenders)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-31", datetime.date(2026, 3, 31)),
        (" 31-03-2026 ", datetime.date(2026, 3, 31)),
        ("31.3.2026", datetime.date(2026, 3, 31)),
        ("31.02.2026", None),
        ("2026-13-01", None),
        ("31/03/2026", None),
        ("i morgen", None),
        ("", None),
        ("2026-03-31T10:00", None),
    ],
)
def test_date_parse_takes_the_days_people_type(text, expected) -> None:
    from socius.core.dates import date_parse

    assert date_parse(text) == expected
