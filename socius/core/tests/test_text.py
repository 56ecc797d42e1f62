"""The shared patterns for personal data in free text, and the Danish slug."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socius.core.text import CPR_IN_TEXT, EMAIL_IN_TEXT, PHONE_IN_TEXT, danish_slugify


@pytest.mark.parametrize(
    "text",
    [
        "Ring 12345678",
        "ring 12 34 56 78 i dag",
        "tlf. 12-34-56-78",
        "+45 12 34 56 78",
        "+4512345678",
        "0045 1234 5678",
        "mobil 2012 3456",
        "(20 19 20 21)",
    ],
)
def test_phone_numbers_are_found(text):
    assert PHONE_IN_TEXT.search(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i perioden 2024-2025",
        "fra 1999 2001",
        "postnummer 8000 Aarhus",
        "25 personer kl. 10",
        "12. maj 2027",
        "1234567",  # seven digits
        "kontonummer 123456789012",  # longer runs are not phone numbers
        "abc12345678",  # part of a word or code
    ],
)
def test_years_postcodes_and_other_numbers_are_not_phone_numbers(text):
    assert not PHONE_IN_TEXT.search(text), text


@given(st.integers(min_value=10_000_000, max_value=99_999_999))
def test_every_eight_digit_number_in_pairs_is_found(number):
    digits = str(number)
    spaced = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    assert PHONE_IN_TEXT.search(f"Ring på {spaced}.")
    assert PHONE_IN_TEXT.search(f"Ring på {digits}.")


def test_cpr_numbers_and_mail_addresses_are_found_and_dates_are_not():
    assert CPR_IN_TEXT.search("CPR 010190-1234")
    assert CPR_IN_TEXT.search("0101901234")
    assert not CPR_IN_TEXT.search("321390-1234")  # no 32nd day
    assert EMAIL_IN_TEXT.search("skriv til a.b+c@kommune.dk")
    assert not EMAIL_IN_TEXT.search("mød os @ biblioteket")


def test_danish_letters_are_spelled_out_in_slugs():
    assert danish_slugify("Fællesskab på Østerbro") == "faellesskab-paa-oesterbro"
