"""The income import (one transaction, a report of refused lines), the segregation pages with
their chart and table, small cells left out, and the CSV download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socius.atlas.housing.models import IncomeArea, IncomeImport
from socius.tests_support.csv_rule import csv_rows_checked

pytestmark = pytest.mark.django_db

GOOD = (
    "kode;navn;laveste_kvintil;hoejeste_kvintil;beboere\n"
    "01;Midtbyen;400;900;3000\n"
    "02;Vest;900;100;2000\n"
    "03;Lille;3;1;20\n"
    "04;Forkert;x;1;20\n"
)


def _post(client, aarhus, text: str | bytes, year: str = "2024"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        reverse("housing:income-import"),
        {"municipality": aarhus.pk, "year": year, "source": "DST, demo",
         "file": SimpleUploadedFile("kvintiler.csv", data, content_type="text/csv")},
    )  # fmt: skip


def test_an_import_stores_the_good_lines_and_reports_the_refused_ones(
    client, administrator, aarhus
):
    client.force_login(administrator)
    page = _post(client, aarhus, GOOD).content.decode()
    record = IncomeImport.objects.get()
    assert record.rows_accepted == 3
    assert record.refused[0]["line"] == 5
    assert "Refused lines" in page
    assert "whole numbers" in page
    # A new import of the same year replaces it, in one go.
    _post(client, aarhus, GOOD.replace("Midtbyen", "Centrum"))
    assert IncomeArea.objects.filter(name="Centrum").count() == 1
    assert IncomeImport.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xfe\xfa", b"kode;navn\n1;2\n", b"kode;navn;laveste_kvintil;hoejeste_kvintil;"
     b"beboere\n01;A;x;y;z\n"],
)  # fmt: skip
def test_a_file_with_nothing_usable_stores_nothing(client, administrator, aarhus, data):
    client.force_login(administrator)
    response = _post(client, aarhus, data)
    assert response.status_code == 200
    assert not IncomeImport.objects.exists()


def test_the_segregation_page_shows_the_index_the_chart_and_leaves_out_small_cells(
    client, administrator, aarhus
):
    client.force_login(administrator)
    _post(client, aarhus, GOOD)
    client.logout()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("housing:segregation-detail", args=["751"])).content.decode()
    assert "Dissimilarity index" in page
    assert "data:image/svg+xml;base64," in page  # the chart, with its table
    assert "The numbers behind" in page
    assert "Lille" in page
    # Counts under 5 are not shown anywhere on the page.
    assert ">3<" not in page
    listing = client.get(reverse("housing:segregation-list")).content.decode()
    assert "Aarhus" in listing


def test_the_csv_follows_the_rule_and_leaves_out_small_cells(client, administrator, aarhus):
    client.force_login(administrator)
    _post(client, aarhus, GOOD)
    response = client.get(reverse("housing:segregation-csv", args=["751"]))
    rows = csv_rows_checked(response)
    lille = next(r for r in rows if "Lille" in r)
    assert lille[2:] == ["20", "", ""]


def test_the_segregation_list_runs_a_fixed_number_of_queries(
    client, administrator, aarhus, django_assert_max_num_queries
):
    from socius.atlas.housing import services
    from socius.core.models import Municipality

    services.income_import(actor=administrator, municipality=aarhus, year=2024, source="x",
                           data=GOOD.encode())  # fmt: skip
    url = reverse("housing:segregation-list")
    client.get(url)
    with django_assert_max_num_queries(5) as small:
        client.get(url + "?a=1")
    for code in ("101", "461", "561"):
        services.income_import(actor=administrator, municipality=Municipality.objects.get(code=code),
                               year=2024, source="x", data=GOOD.encode())  # fmt: skip
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url + "?a=2")
