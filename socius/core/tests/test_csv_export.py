from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from socius.core.csv_export import csv_response, csv_safe


@pytest.mark.parametrize(
    "text", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x", '=HYPERLINK("http://x")']
)
def test_formulas_become_text(text):
    assert csv_safe([text]) == ["'" + text]


def test_ordinary_values_are_unchanged():
    row = ["Fællesskabshuset", "25313763", Decimal("-5.00"), 12, None, ""]
    assert csv_safe(row) == row


def _response(header, rows, filename="eksport.csv"):
    return csv_response(filename=filename, header=header, rows=rows)


def test_the_response_has_a_bom_semicolons_and_an_attachment_name():
    response = _response(["a", "b"], [["1", "x;y"], [2, None]])
    assert response.content == '\ufeffa;b\r\n1;"x;y"\r\n2;\r\n'.encode()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="eksport.csv"'


def test_a_danish_file_name_is_sent_safely():
    response = _response(["a"], [], filename="fællesskaber 2026.csv")
    assert "filename*=utf-8''f%C3%A6llesskaber%202026.csv" in response["Content-Disposition"]


def test_every_cell_is_formula_safe_including_the_header():
    response = _response(["=x", "ok"], [["@SUM(A1)", "-2+3"], ["+cmd", Decimal("-5.00")]])
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == ["'=x;ok", "'@SUM(A1);'-2+3", "'+cmd;-5.00"]


def test_the_header_is_in_the_requests_language():
    header = [_("Section"), _("Number")]
    with translation.override("da"):
        assert _response(header, []).content.decode("utf-8-sig").strip() == "Afsnit;Antal"
    with translation.override("en"):
        assert _response(header, []).content.decode("utf-8-sig").strip() == "Section;Number"


def test_rows_may_be_a_generator():
    response = _response(["n"], ([i] for i in range(3)))
    assert response.content.decode("utf-8-sig").split() == ["n", "0", "1", "2"]
