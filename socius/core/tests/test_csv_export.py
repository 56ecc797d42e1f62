from decimal import Decimal

import pytest

from socius.core.csv_export import csv_safe


@pytest.mark.parametrize(
    "text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x", '=HYPERLINK("http://x")']
)
def test_formulas_become_text(text):
    assert csv_safe([text]) == ["'" + text]


def test_ordinary_values_are_unchanged():
    row = ["Fællesskabshuset", "25313763", Decimal("-5.00"), 12, None, ""]
    assert csv_safe(row) == row
