"""A researcher publishes a dataset in a real browser, and a file with small cells is refused,
with axe-core on every page, at a desktop's and a phone's width."""

from __future__ import annotations

import pytest

from socius.atlas.datasets.models import Dataset
from socius.atlas.datasets.tests.conftest import GOOD_CSV, SMALL_CELL_CSV
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_researcher_publishes_a_dataset_and_a_small_cell_file_is_refused(
    live_server, open_browser, researcher, tmp_path
):
    base = live_server.url
    small = tmp_path / "smaa-tal.csv"
    small.write_text(SMALL_CELL_CSV, encoding="utf-8")
    good = tmp_path / "ensomhed.csv"
    good.write_text(GOOD_CSV, encoding="utf-8")

    b: BrowserPage = open_browser()
    page = b.page
    log_in(b, base, researcher)
    b.visit(base + "/atlas/datasaet/", heading="Forskningsdatasæt")
    page.get_by_role("link", name="Udgiv et datasæt").click()
    b.check("Udgiv et datasæt")
    page.locator("#id_title").fill("Ensomhed i fire kommuner")
    page.locator("#id_description").fill("Andelen af voksne, der er ensomme, i fire kommuner.")
    page.locator("#id_theme").select_option(label="Fællesskaber og ensomhed")
    page.get_by_label("CC BY 4.0", exact=True).check()
    page.locator("#id_provenance").fill("Udtræk fra Sundhedsprofilen 2025.")
    page.get_by_role("button", name="Videre til data").click()
    b.check("Upload data", shows=page.get_by_text("Datasættet er oprettet."))

    # A file with a count of 3 people is refused, and the cell is named.
    page.locator("#id_uploads").set_input_files(str(small))
    page.locator("#id_changelog").fill("Første version.")
    page.get_by_role("button", name="Upload og tjek").click()
    b.check(
        "Upload data",
        shows=page.get_by_text("smaa-tal.csv, række 3, kolonne “antal”: færre end 5 personer"),
    )
    assert not Dataset.objects.get().versions.exists()

    # The corrected file passes; the researcher checks the schema and publishes.
    page.locator("#id_uploads").set_input_files(str(good))
    page.locator("#id_changelog").fill("Første version.")
    page.get_by_role("button", name="Upload og tjek").click()
    b.check("Tjek version 1", shows=page.get_by_text("Filerne bestod alle tjek."))
    page.get_by_role("button", name="Udgiv version 1").click()
    b.check("Ensomhed i fire kommuner", shows=page.get_by_text("Version 1 er udgivet."))
    assert Dataset.objects.get().state == "published"

    # The public sees it, with the schema, the preview and the citation.
    visitor = open_browser()
    visitor.visit(base + "/atlas/datasaet/", heading="Forskningsdatasæt")
    visitor.page.get_by_role("link", name="Ensomhed i fire kommuner").click()
    visitor.check("Ensomhed i fire kommuner", shows=visitor.page.get_by_text("Citér datasættet"))
