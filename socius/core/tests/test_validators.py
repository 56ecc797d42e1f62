import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from socius.core.validators import CVR_WEIGHTS, cvr_is_valid, normalise_cvr, validate_cvr


def _complete(prefix: str) -> str | None:
    """The one check digit that makes ``prefix`` (7 digits) a valid CVR number, if any."""
    partial = sum(int(d) * w for d, w in zip(prefix, CVR_WEIGHTS, strict=False))
    digit = (-partial) % 11
    return prefix + str(digit) if digit < 10 else None


@pytest.mark.parametrize("value", ["10000009", "25313763", "DK 25 31 37 63", "25-31-37-63"])
def test_it_accepts_valid_cvr_numbers(value):
    validate_cvr(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1234567",
        "123456789",
        "25313764",
        "05313763",
        "2531376a",
        "２５３１３７６３",
        "<b>25313763</b>",
    ],
)
def test_it_rejects_invalid_cvr_numbers(value):
    with pytest.raises(ValidationError) as exc:
        validate_cvr(value)
    assert exc.value.error_list[0].code == "invalid_cvr"


def test_it_normalises_what_people_type():
    assert normalise_cvr(" dk 2531-3763 ") == "25313763"


@given(st.from_regex(r"[1-9][0-9]{6}", fullmatch=True))
def test_exactly_the_computed_check_digit_is_valid(prefix):
    valid = _complete(prefix)
    for digit in "0123456789":
        assert cvr_is_valid(prefix + digit) == (prefix + digit == valid)


@given(st.from_regex(r"[1-9][0-9]{6}", fullmatch=True), st.integers(0, 7), st.integers(1, 9))
def test_changing_one_digit_of_a_valid_number_makes_it_invalid(prefix, position, shift):
    valid = _complete(prefix)
    if valid is None:
        return
    digits = list(valid)
    digits[position] = str((int(digits[position]) + shift) % 10)
    assert not cvr_is_valid("".join(digits))
