"""The open-data CSV of proposals follows the house rule for CSV (core.csv_export)."""

from __future__ import annotations

import pytest

from socius.proposals.tests.conftest import make_published
from socius.tests_support.csv_rule import csv_rows_checked

pytestmark = pytest.mark.django_db


def test_the_open_data_csv_has_a_bom_semicolons_and_no_formulas(
    client, proposer, case_handler, aarhus, rules
):
    make_published(proposer, case_handler, aarhus, title='=HYPERLINK("http://x") bænke')
    rows = csv_rows_checked(client.get("/api/proposals.csv"))
    assert rows[0][:3] == ["id", "title", "state"]  # fixed names: scripts read them
    assert rows[1][1] == '\'=HYPERLINK("http://x") bænke'
