"""Rule sets as data, the segregation measures and the income file reader."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.atlas.housing.income_csv import IncomeFileError, income_file_read
from socius.atlas.housing.rules import RuleSetError, rule_set_parse, rule_sets_from_file
from socius.atlas.housing.segregation import dissimilarity, overrepresented_share

ENTRY = rule_sets_from_file()[-1]


def test_the_shipped_rules_cover_every_year_from_2018_and_name_their_source():
    entries = rule_sets_from_file()
    assert [e["year"] for e in entries] == list(range(2018, 2025))
    assert all("retsinformation" in e["verify"] for e in entries)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["udsat"]["criteria"][0].update(op="more"),
        lambda d: d["udsat"]["criteria"][0].update(measure="crime"),
        lambda d: d["udsat"]["criteria"][0].update(threshold=40),
        lambda d: d["udsat"]["criteria"][0].update(threshold="NaN"),
        lambda d: d["udsat"]["criteria"][0].update(threshold="-1"),
        lambda d: d["udsat"].update(criteria_needed=5),
        lambda d: d["udsat"].update(min_residents=-5),
        lambda d: d["parallelsamfund"].update(measure="outside_work_pct"),
        lambda d: d["forebyggelse"].pop("non_western"),
        lambda d: d["names"].update(ghetto="x"),
        lambda d: d["udsat"]["criteria"].append(dict(d["udsat"]["criteria"][0])),
    ],
)
def test_a_broken_rule_set_is_refused(change):
    data = copy.deepcopy(ENTRY)
    change(data)
    with pytest.raises(RuleSetError):
        rule_set_parse(data)


# Segregation --------------------------------------------------------------------------------

counts = st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=12)


@settings(max_examples=300)
@given(counts)
def test_the_dissimilarity_index_is_between_0_and_1_and_symmetric(pairs):
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    d = dissimilarity(a, b)
    if sum(a) == 0 or sum(b) == 0:
        assert d is None
        return
    assert 0 <= d <= 1
    assert d == dissimilarity(b, a)


@settings(max_examples=200)
@given(st.lists(st.integers(1, 300), min_size=1, max_size=10), st.integers(1, 5),
       st.integers(1, 5))  # fmt: skip
def test_proportional_groups_give_0(base, k, m):
    assert dissimilarity([x * k for x in base], [x * m for x in base]) == 0


@settings(max_examples=200)
@given(st.lists(st.integers(1, 300), min_size=1, max_size=5),
       st.lists(st.integers(1, 300), min_size=1, max_size=5))  # fmt: skip
def test_fully_separated_groups_give_1(a, b):
    assert dissimilarity(a + [0] * len(b), [0] * len(a) + b) == 1


def test_dissimilarity_by_hand():
    # A = 10, B = 10: |6/10 - 2/10| + |4/10 - 8/10| = 0.8, halved 0.4
    assert dissimilarity([6, 4], [2, 8]) == Fraction(2, 5)


@settings(max_examples=300)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), min_size=1, max_size=10))
def test_the_overrepresented_share_is_a_share(pairs):
    group = [min(g, t) for g, t in pairs]
    residents = [t for _g, t in pairs]
    share = overrepresented_share(group, residents)
    if sum(group) == 0 or sum(residents) == 0:
        assert share is None
    else:
        assert 0 <= share <= 1


def test_the_overrepresented_share_by_hand():
    # The municipality: 20 of 100 (20 %). Area 1: 15 of 30 (50 %, over); area 2: 5 of 70.
    assert overrepresented_share([15, 5], [30, 70]) == Fraction(15, 20)
    # Spread alike: nobody lives where the group is over-represented.
    assert overrepresented_share([10, 10], [50, 50]) == 0


def test_segregation_refuses_impossible_counts():
    with pytest.raises(ValueError, match="every area"):
        dissimilarity([1, 2], [1])
    with pytest.raises(ValueError, match="larger than"):
        overrepresented_share([5], [4])


# The income file ----------------------------------------------------------------------------

HEADER = "kode;navn;laveste_kvintil;hoejeste_kvintil;beboere\n"


def test_a_good_file_with_bad_lines_reports_each_refused_line():
    text = (
        HEADER
        + "01;Midtbyen;4.100;6900;30000\n"
        + "02;Risskov;-3;10;100\n"
        + "03;Viby;NaN;10;100\n"
        + "01;Twice;1;1;10\n"
        + "04;Too many;60;50;100\n"
        + "05;Short;1\n"
        + ";No code;1;1;10\n"
        + '06;=HYPERLINK("x");1;1;10\n'
    )
    result = income_file_read(text.encode())
    assert [(r.code, r.lowest) for r in result.rows] == [("01", 4100), ("06", 1)]
    assert [line for line, _reason in result.refused] == [3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a;b;c\n1;2;3\n",
        "kode;navn\n".encode("utf-16"),
        b"\xff\xfe\x00bad",
        HEADER.encode() + b"01;x;1;1;\x00\n",
        b"x" * (2 * 1024 * 1024 + 1),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(data):
    with pytest.raises(IncomeFileError):
        income_file_read(data)


def test_the_english_header_and_commas_work_too():
    result = income_file_read(b"\xef\xbb\xbfcode,name,lowest,highest,residents\nA,North,1,2,10\n")
    assert result.rows[0].residents == 10


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_refusals_or_a_file_error_never_a_crash(data):
    try:
        result = income_file_read(HEADER.encode() + data)
    except IncomeFileError:
        return
    for row in result.rows:
        assert 0 <= row.lowest + row.highest <= row.residents
