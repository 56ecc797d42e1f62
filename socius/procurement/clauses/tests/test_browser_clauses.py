"""A supplier reports with evidence and the buyer approves it, in a real browser, with axe on
every page, at a desktop's and a phone's width."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.procurement.clauses.models import ReportStatus, SupplierReport
from socius.procurement.clauses.tests.conftest import PDF
from socius.tests_support.browser import BrowserPage, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_supplier_reports_with_evidence_and_the_buyer_approves(
    live_server, open_browser, tmp_path, supplier_contact, buyer, first_period, contract
):
    base = live_server.url
    evidence = tmp_path / "uddannelsesaftaler.pdf"
    evidence.write_bytes(PDF)

    # The supplier's contact opens the supplier page and files the report with a PDF.
    b: BrowserPage = open_browser()
    log_in(b, base, supplier_contact)
    page = b.page
    b.visit(base + reverse("procurement_clauses:supplier-home"))
    report_url = reverse("procurement_clauses:report-create", args=[first_period.public_id])
    page.locator(f'a[href="{report_url}"]').first.click()
    b.check(shows=page.locator("#id_trainees"))
    page.locator("#id_trainees").fill("15")
    page.locator("#id_comment").fill("15 elever og lærlinge i perioden.")
    page.locator("#id_files").set_input_files(str(evidence))
    page.locator("main form button[type=submit]").click()
    b.check(shows=page.locator(".alert-success"))
    assert page.url.endswith(reverse("procurement_clauses:supplier-home"))
    report = SupplierReport.objects.get()
    assert report.trainees == 15
    assert report.evidence.count() == 1
    period_url = reverse("procurement_clauses:obligation-detail", args=[first_period.public_id])
    page.locator(f'a[href="{period_url}"]').first.click()
    b.check(shows=page.locator('[data-page="obligation-report"]'))
    assert page.locator('a[href*="/klausuler/bilag/"]').count() == 1

    # The buyer reviews and approves it.
    staff: BrowserPage = open_browser()
    log_in(staff, base, buyer, mfa=True)
    page = staff.page
    staff.visit(base + period_url)
    page.locator(
        f'a[href="{reverse("procurement_clauses:report-review", args=[report.public_id])}"]'
    ).click()
    approve = page.locator('form:has(input[value="approve"]) button[type=submit]')
    staff.check(shows=approve)
    approve.click()
    staff.check(shows=page.locator(".alert-success"))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # Anyone sees what the clause achieved.
    public: BrowserPage = open_browser()
    public.visit(
        base + reverse("procurement_clauses:outcome", args=[first_period.contract_clause.public_id])
    )
    assert "15" in public.page.locator("main").inner_text()
