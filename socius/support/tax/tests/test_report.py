import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from socius.support.models import Supporter
from socius.support.payments.models import Purpose
from socius.support.tax import services
from socius.support.tax.models import TaxReport
from socius.support.tax.report import report_build
from socius.support.tax.selectors import deductible_total
from socius.support.tax.signing import agreement_verify
from socius.support.tax.tests.conftest import MARKER_CPR, book


@pytest.fixture
def ledger(db):
    people = []
    for i in range(30):
        s = Supporter.objects.create(name=f"Giver {i}", email=f"g{i}@example.dk")
        book(s, 100_000 * (i + 1))
        if i % 3 == 0:
            book(s, -10_001, kind="refund")
        if i % 5 == 0:
            book(s, 250_000, purpose=Purpose.COMMITMENT)
        book(s, 40_000, purpose=Purpose.MEMBERSHIP)
        if i % 4:
            services.cpr_give(actor=None, supporter=s, cpr=f"01019{i % 10}1{i:03d}"[:10])
        people.append(s)
    return people


def test_report_total_equals_the_ledger_to_the_ore(ledger, settings):
    settings.SUPPORT_TAX_CVR = "12345678"
    report = report_build(report=TaxReport.objects.create(year=2026))
    assert report.total_ore == deductible_total(year=2026)
    assert report.reported_ore + report.without_cpr_ore == report.total_ore
    assert sum(line.amount_ore for line in report.lines.all()) == report.reported_ore
    assert all(line.capped_amount_ore <= report.cap_ore for line in report.lines.filter(kind="8a"))
    assert MARKER_CPR not in report.file_sealed


def test_the_command_shows_progress_and_builds(ledger):
    out = io.StringIO()
    call_command("support_tax_report", "--year", "2026", "--quiet", stdout=out)
    assert "donors" in out.getvalue()
    assert TaxReport.objects.get().status == "draft"


def test_treasurer_builds_through_the_page_and_downloads(
    ledger, client, treasurer, settings, django_capture_on_commit_callbacks
):
    settings.SUPPORT_TAX_CVR = "12345678"
    client.force_login(treasurer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support_tax:report-build"), {"year": "2026"}, follow=True)
    assert response.status_code == 200
    report = TaxReport.objects.get()
    assert report.status == "draft"  # tasks run at once in tests
    text = client.get(
        reverse("support_tax:report-download", args=[report.public_id])
    ).content.decode()
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("0001;12345678;")
    assert all(line.startswith("2262;12345678;") for line in lines[1:-1])
    assert lines[-1].startswith("9999;")


@pytest.mark.parametrize("name", ["support_tax:report-list"])
def test_outsider_gets_403_on_report_pages(client, donor_user, name):
    client.force_login(donor_user)
    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("support_tax:report-build"), {"year": "2026"}).status_code == 403


def test_outsider_gets_403_on_a_download(client, donor_user, ledger):
    report = report_build(report=TaxReport.objects.create(year=2026))
    client.force_login(donor_user)
    assert (
        client.get(reverse("support_tax:report-download", args=[report.public_id])).status_code
        == 403
    )


def test_hostile_year_is_refused(client, treasurer):
    client.force_login(treasurer)
    for year in ["", "abc", "-5", "1e9", "<script>", "2026" * 50]:
        assert client.post(reverse("support_tax:report-build"), {"year": year}).status_code == 400
    assert not TaxReport.objects.exists()


def test_a_commitment_is_signed_and_ten_years(donor, donor_user):
    services.cpr_give(actor=donor_user, supporter=donor, cpr=MARKER_CPR)
    c = services.commitment_create(
        actor=donor_user,
        supporter=donor,
        yearly_amount_ore=120_000,
        accepted=True,
        now=datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC),
    )
    assert c.years == 10
    assert c.gift.frequency == "yearly"
    assert agreement_verify(c.signed_payload, c.signature)
    assert not agreement_verify(c.signed_payload.replace("120000", "1200"), c.signature)
    assert MARKER_CPR not in c.signed_payload
