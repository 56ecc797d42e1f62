"""The small-cell and personal-data detectors, with property tests."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from socius.atlas.datasets import scans

_SEPARATORS = st.sampled_from([" ", ";", "(", ")", "/", ":", '"', "\t", ""])
_NO_DIGITS = st.text(
    alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="+@.,"), max_size=20
)


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """A CPR number whose date is real in the century its seventh digit gives."""
    day = draw(st.dates(min_value=datetime.date(1858, 1, 1), max_value=datetime.date(2036, 12, 31)))
    year = day.year % 100
    if day.year < 1900:
        seventh = draw(st.sampled_from([5, 6, 7, 8]))
    elif day.year < 2000:
        choices = [0, 1, 2, 3] + ([4, 9] if year > 36 else []) + ([5, 6, 7, 8] if year > 57 else [])
        seventh = draw(st.sampled_from(choices))
    else:
        choices = ([4, 9] if year <= 36 else []) + ([5, 6, 7, 8] if year <= 57 else [])
        seventh = draw(st.sampled_from(choices))
    rest = draw(st.integers(0, 999))
    dash = draw(st.sampled_from(["", "-"]))
    return f"{day:%d%m}{year:02d}{dash}{seventh}{rest:03d}"


@given(cpr_numbers(), _NO_DIGITS, _NO_DIGITS)
def test_a_cpr_number_is_found_wherever_it_stands(cpr, before, after):
    assert scans.cpr_in(before + " " + cpr + " " + after)
    assert scans.cpr_in(cpr)


@given(st.integers(0, 99), st.integers(13, 99), st.integers(0, 99), st.integers(0, 9999))
def test_ten_digits_without_a_real_month_are_no_cpr_number(day, month, year, serial):
    assert not scans.cpr_in(f"{day:02d}{month:02d}{year:02d}{serial:04d}")


@given(st.integers(32, 99), st.integers(1, 12), st.integers(0, 99), st.integers(0, 9999))
def test_ten_digits_without_a_real_day_are_no_cpr_number(day, month, year, serial):
    assert not scans.cpr_in(f"{day:02d}{month:02d}{year:02d}-{serial:04d}")


@given(st.integers(0, 10**9 - 1) | st.integers(10**10, 10**14))
def test_numbers_of_other_lengths_are_no_cpr_number(n):
    assert not scans.cpr_in(str(n))


def test_the_seventh_digit_decides_the_century_for_29_february():
    # 29 February 1900 never existed; 2000 was a leap year.
    assert not scans.cpr_in("290200-1234")  # 7th digit 1: 1900
    assert scans.cpr_in("290200-4234")  # 7th digit 4, year 00: 2000
    assert scans.cpr_in("0101851234")  # no modulus-11 check


_LOCAL = st.from_regex(r"[a-z][a-z0-9._+-]{0,15}", fullmatch=True)
_DOMAIN = st.from_regex(
    r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,8})?\.(dk|com|org|eu)", fullmatch=True
)


@given(_LOCAL, _DOMAIN, _NO_DIGITS)
def test_an_e_mail_address_is_found(local, domain, around):
    assert scans.email_in(f"{around} {local}@{domain} {around}")


@given(st.text(alphabet=st.characters(blacklist_characters="@"), max_size=60))
def test_text_without_an_at_sign_holds_no_e_mail_address(text):
    assert not scans.email_in(text)


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    digits = str(draw(st.integers(2, 9))) + "".join(str(draw(st.integers(0, 9))) for _ in range(7))
    style = draw(st.sampled_from(["plain", "pairs", "fours"]))
    if style == "pairs":
        digits = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    elif style == "fours":
        digits = digits[:4] + " " + digits[4:]
    prefix = draw(st.sampled_from(["", "+45 ", "+45", "0045 "]))
    return prefix + digits


@given(phone_numbers(), _NO_DIGITS)
def test_a_danish_phone_number_is_found_in_text(phone, around):
    assert scans.phone_in(f"{around} {phone} {around}")


@given(phone_numbers())
def test_in_a_numeric_field_only_a_number_with_the_country_code_is_a_phone(phone):
    assert scans.phone_in(phone, numeric=True) == phone.startswith(("+45", "0045"))


@given(st.integers(0, 9_999_999) | st.integers(100_000_000, 10**12))
def test_numbers_that_are_not_eight_digits_are_no_phone_number(n):
    assert not scans.phone_in(str(n))


def test_decimals_and_numbers_starting_with_0_or_1_are_no_phone_number():
    assert not scans.phone_in("12345678")
    assert not scans.phone_in("0,23456789")
    assert not scans.phone_in("23456789,5")


# --- Small cells ----------------------------------------------------------------------------


@given(st.integers(1, 4))
def test_a_count_from_1_to_4_is_a_small_cell(n):
    assert scans.small_cell(str(n))
    assert scans.small_cell(f" {n} ")


@given(st.integers(5, 10**9) | st.just(0) | st.integers(-1000, -1))
def test_0_and_counts_of_5_or_more_are_not(n):
    assert not scans.small_cell(str(n))


@given(st.text(alphabet="<>abc.- ", max_size=5))
def test_markers_that_are_not_numbers_are_not_small_cells(text):
    assert not scans.small_cell(text)


def test_which_fields_count_people():
    def counts(name, type_="integer", **extra):
        return scans.counts_people({"name": name, "type": type_, **extra})

    assert counts("antal")
    assert counts("Antal_personer")
    assert counts("n")
    assert counts("personer")
    assert counts("count")
    assert not counts("antal", "string")
    assert not counts("kommunekode")
    assert not counts("andel", "number")
    assert counts("folketal", **{scans.COUNTS_PEOPLE: True})
    assert not counts("antal", **{scans.COUNTS_PEOPLE: False})


@given(
    st.lists(
        st.tuples(st.sampled_from(["Aarhus", "Læsø"]), st.integers(0, 50)), min_size=1, max_size=40
    )
)
def test_the_small_cell_scan_names_exactly_the_cells_from_1_to_4(rows):
    header = ["kommune", "antal"]
    result = scans.scan_rows(
        file="data.csv",
        header=header,
        rows=([name, str(n)] for name, n in rows),
        fields=[{"name": "kommune", "type": "string"}, {"name": "antal", "type": "integer"}],
    )
    expected = [i + 2 for i, (_name, n) in enumerate(rows) if 1 <= n <= 4]
    assert result.total == len(expected)
    assert [f.row for f in result.findings] == expected[: scans.MAX_FINDINGS]
    assert all(f.column == "antal" and f.kind == scans.Kind.SMALL_CELL for f in result.findings)


def test_the_scan_is_bounded_but_counts_everything():
    rows = (["3"] for _ in range(10_000))
    result = scans.scan_rows(
        file="f.csv", header=["n"], rows=rows, fields=[{"name": "n", "type": "integer"}]
    )
    assert result.total == 10_000
    assert len(result.findings) == scans.MAX_FINDINGS


def test_missing_values_and_short_rows_are_skipped():
    result = scans.scan_rows(
        file="f.csv",
        header=["kommune", "antal", "kontakt"],
        rows=[["A", "..", ""], ["B"], ["C", "", "a@b.dk"]],
        fields=[{"name": "antal", "type": "integer"}],
        missing_values=["", ".."],
    )
    assert [(f.kind, f.row, f.column) for f in result.findings] == [
        (scans.Kind.EMAIL, 4, "kontakt")
    ]
