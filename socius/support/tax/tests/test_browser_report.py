"""The treasurer builds last year's report to Skattestyrelsen in a real browser, downloads its
file and marks it submitted (axe on every page, at a desktop's and a phone's width)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from socius.support.models import Supporter
from socius.support.tax.models import TaxReport
from socius.support.tax.services import cpr_give
from socius.support.tax.tests.conftest import book
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DONOR_CPR = "0101901234"


def test_the_treasurer_builds_last_years_report_and_marks_it_submitted(
    live_server, open_browser, treasurer, settings
):
    settings.SUPPORT_TAX_CVR = "12345678"
    year = timezone.localdate().year - 1
    donor = Supporter.objects.create(name="Grete Giver", email="grete@example.dk")
    cpr_give(actor=treasurer, supporter=donor, cpr=DONOR_CPR)
    book(donor, 150_000, on=datetime.date(year, 5, 1))  # a deductible gift of 1.500 kr.

    base = live_server.url
    b: BrowserPage = open_browser()
    page = b.page
    log_in(b, base, treasurer, mfa=True)

    # From the treasurer's page to the report.
    b.visit(base + reverse("support_treasury:treasurer-home"))
    page.locator(f"main a[href='{reverse('support_tax:report-list')}']").first.click()
    b.check("Indberetning af gaver til Skattestyrelsen")
    expect(page.locator("main")).to_contain_text("Ingen indberetninger endnu.")

    # Choose the year and build. Tasks run at once here, so the next page may already show
    # the finished report; with a real task worker the progress bar shows until it is done
    # and the page reloads itself (report_progress.js). Either way the person waits for the
    # download link.
    page.locator("#id_year").fill(str(year))
    page.get_by_role("button", name="Dan indberetningen").click()
    b.check(shows=page.locator(".alert-success").get_by_text("Indberetningen bliver dannet."))
    download = page.get_by_role("link", name=f"Hent filen for {year}")
    b.check(shows=download)
    expect(page.locator("main progress")).to_have_count(0)
    row = page.locator("main tbody tr").filter(has=download)
    expect(row).to_contain_text("1.500 kr.")

    # The file: the donor's CPR number and the gift's whole kroner.
    with page.expect_download() as info:
        download.click()
    lines = info.value.path().read_text(encoding="utf-8").splitlines()
    assert f"2262;12345678;{DONOR_CPR};{year};1500;1" in lines

    # Uploaded to Skattestyrelsen: mark it so, and see the date.
    row.get_by_role("button", name=f"Markér {year} som indberettet").click()
    b.check(
        shows=page.locator(".alert-success").get_by_text(
            f"Indberetningen for {year} er markeret som sendt til Skattestyrelsen."
        )
    )
    with translation.override("da"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    row = page.locator("main tbody tr").filter(
        has=page.get_by_role("link", name=f"Hent filen for {year}")
    )
    b.check(shows=row.get_by_text(re.compile(f"^Indberettet {re.escape(today)}$")))
    expect(row.get_by_role("button")).to_have_count(0)
    report = TaxReport.objects.get()
    assert (report.year, report.status, report.submitted_by) == (
        year,
        TaxReport.Status.FINAL,
        treasurer,
    )
