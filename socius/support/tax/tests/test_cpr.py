import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socius.support.tax.cpr import cpr_birth_date, cpr_digest, cpr_normalise, cpr_open, cpr_seal
from socius.support.tax.tests.conftest import MARKER_CPR, mod11_ok


def _encode(date: datetime.date, serial: int) -> str:
    yy = date.year % 100
    if date.year < 1900:
        seventh = 5 + serial % 4  # 5-8 with yy 58-99
    elif date.year < 2000:
        seventh = serial % 4  # 0-3
    else:
        seventh = 4  # 4 with yy 00-36
    return f"{date:%d%m}{yy:02d}{seventh}{serial % 1000:03d}"


@given(
    st.one_of(
        st.dates(datetime.date(1900, 1, 1), datetime.date(1999, 12, 31)),
        st.dates(datetime.date(2000, 1, 1), datetime.date(2036, 12, 31)),
        st.dates(datetime.date(1858, 1, 1), datetime.date(1899, 12, 31)),
    ),
    st.integers(0, 999),
    st.booleans(),
)
def test_it_accepts_every_real_date_of_birth(date, serial, hyphen):
    digits = _encode(date, serial)
    typed = f"{digits[:6]}-{digits[6:]}" if hyphen else digits
    assert cpr_normalise(typed) == digits
    assert cpr_birth_date(digits) == date


def test_it_accepts_a_number_failing_modulus_11():
    assert not mod11_ok(MARKER_CPR)
    assert cpr_normalise(MARKER_CPR) == MARKER_CPR


@pytest.mark.parametrize(
    "value",
    [
        "",
        "123",
        "3102901234",
        "0013901234",
        "010190+1234",
        "01019O1234",
        "010190--1234",
        "٠١٠١٩٠١٢٣٤",
        "0101901234567",
        "<script>",
        "2902011234",
        None,
        101901234,
    ],
)
def test_it_refuses_malformed_input(value):
    assert cpr_normalise(value) is None


def test_a_leap_day_follows_the_century():
    assert cpr_normalise("2902001234") is None  # 1900: no leap day (7th digit 1)
    assert cpr_normalise("2902004234") == "2902004234"  # 2000: leap day


def test_sealing_round_trips_and_hides_the_number():
    sealed = cpr_seal(MARKER_CPR)
    assert MARKER_CPR not in sealed
    assert cpr_open(sealed) == MARKER_CPR
    assert cpr_seal(MARKER_CPR) != sealed  # a fresh nonce each time
    assert cpr_digest(MARKER_CPR) == cpr_digest(MARKER_CPR) != cpr_digest("0101901239")
