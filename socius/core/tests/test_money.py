from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.core.money import (
    AmountError,
    DanishAmountField,
    format_danish_amount,
    parse_danish_amount,
)


@pytest.fixture(autouse=True)
def _english():
    # Messages are matched in English; the test settings speak Danish.
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500,50 kr.", "1500.50"),
        ("1500", "1500.00"),
        ("1 500 kr", "1500.00"),
        ("kr. 1.500", "1500.00"),
        ("1.500.000", "1500000.00"),
        ("12,5", "12.50"),
        ("DKK 200", "200.00"),
        ("200 dkk", "200.00"),
        ("1.500,-", "1500.00"),
        ("0", "0.00"),
        ("0,05", "0.05"),
        ("  750kr.  ", "750.00"),
        ("1\u00a0500\u00a0kr.", "1500.00"),
        ("10.000.000.000", "10000000000.00"),
    ],
)
def test_it_reads_what_danes_type(text, expected):
    amount = parse_danish_amount(text)
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("kr.", "invalid"),
        ("-5", "negative"),
        ("\u22125 kr.", "negative"),
        ("kr. -1.500", "negative"),
        ("abc", "invalid"),
        ("12,505", "english_notation"),
        ("12,5055", "too_many_decimals"),
        ("1.500,505", "too_many_decimals"),
        ("1,500.50", "english_notation"),
        ("1,500", "english_notation"),
        ("1.50", "misplaced_dot"),
        ("1.5000", "misplaced_dot"),
        ("1.500.50", "misplaced_dot"),
        ("1.500 000", "invalid"),
        ("10.000.000.000,01", "too_large"),
        ("99999999999", "too_large"),
        ("NaN", "invalid"),
        ("inf", "invalid"),
        ("Infinity", "invalid"),
        ("+5", "invalid"),
        ("0012", "invalid"),
    ],
)
def test_it_refuses_what_is_not_an_amount(text, code):
    with pytest.raises(AmountError) as exc:
        parse_danish_amount(text)
    assert exc.value.code == code
    assert str(exc.value)


@pytest.mark.parametrize(
    "text", ["1e9", "½", "١٢٣", "１２３", "<script>", "1" * 5000, "1;DROP TABLE", "12\x00"]
)
def test_it_refuses_hostile_text(text):
    with pytest.raises(AmountError):
        parse_danish_amount(text)


def test_it_says_how_large_an_amount_may_be():
    with pytest.raises(AmountError, match=r"10\.000\.000\.000 kr\."):
        parse_danish_amount("20.000.000.000")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1500.50"), "1.500,50 kr."),
        (Decimal(1500), "1.500 kr."),
        (Decimal("1500.00"), "1.500 kr."),
        (Decimal("0.5"), "0,50 kr."),
        (Decimal("1234567.891"), "1.234.567,89 kr."),
        (Decimal("0.005"), "0,01 kr."),
        (1_000_000, "1.000.000 kr."),
        (Decimal("-25"), "-25 kr."),
    ],
)
def test_it_formats_amounts_the_danish_way(amount, text):
    assert format_danish_amount(amount) == text


def test_it_refuses_to_format_what_is_not_a_number():
    for value in (Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(AmountError):
            format_danish_amount(value)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**11).map(lambda cents: Decimal(cents).scaleb(-2)))
def test_formatting_then_parsing_gives_the_same_amount(amount):
    assert parse_danish_amount(format_danish_amount(amount)) == amount


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_gives_an_amount_or_an_amount_error(text):
    try:
        amount = parse_danish_amount(text)
    except AmountError:
        return
    assert Decimal(0) <= amount <= Decimal(10**10)


class AmountForm(forms.Form):
    amount = DanishAmountField(min_value=100, max_value=Decimal(50_000))
    optional = DanishAmountField(required=False)


def test_the_field_cleans_to_a_decimal():
    form = AmountForm(data={"amount": "1.500,50 kr.", "optional": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": Decimal("1500.50"), "optional": None}


def test_the_field_explains_what_is_wrong():
    form = AmountForm(data={"amount": "1,500.50"})
    assert not form.is_valid()
    assert form.errors.as_data()["amount"][0].code == "english_notation"


def test_the_field_enforces_its_limits():
    low = AmountForm(data={"amount": "99,99"})
    high = AmountForm(data={"amount": "50.000,01"})
    assert not low.is_valid()
    assert not high.is_valid()
    assert "100 kr." in low.errors["amount"][0]
    assert "50.000 kr." in high.errors["amount"][0]
    assert AmountForm(data={"amount": "50.000"}).is_valid()


def test_the_field_requires_a_value_unless_optional():
    form = AmountForm(data={"amount": ""})
    assert not form.is_valid()
    assert form.errors.as_data()["amount"][0].code == "required"


def test_the_field_shows_an_initial_amount_in_danish_so_it_survives_a_resubmit():
    form = AmountForm(initial={"amount": Decimal("1500.50")})
    html = str(form["amount"])
    assert 'value="1.500,50"' in html
    assert 'inputmode="decimal"' in html
    resubmitted = AmountForm(data={"amount": "1.500,50"}, initial={"amount": Decimal("1500.50")})
    assert resubmitted.is_valid()
    assert not resubmitted.has_changed()


def test_it_refuses_more_digits_than_a_decimal_holds():
    with pytest.raises(AmountError) as exc:
        parse_danish_amount("1" + "0" * 30)
    assert exc.value.code == "too_large"
