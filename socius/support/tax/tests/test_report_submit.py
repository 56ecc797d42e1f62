"""Marking a built report "Indberettet" (submitted): one final report per year, corrections,
and what the final report means for keeping CPR numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.support.tax import gdpr, services
from socius.support.tax.models import DonorIdentity, TaxReport
from socius.support.tax.report import report_build
from socius.support.tax.tests.conftest import MARKER_CPR, book

pytestmark = pytest.mark.django_db


def _built(year=2026):
    return report_build(report=TaxReport.objects.create(year=year))


def test_the_treasurer_marks_a_draft_submitted(client, treasurer):
    report = _built()
    client.force_login(treasurer)
    page = client.get(reverse("support_tax:report-list")).content.decode()
    url = reverse("support_tax:report-submit", args=[report.public_id])
    assert f'action="{url}"' in page
    r = client.post(url)
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.status == TaxReport.Status.FINAL
    assert report.submitted_by == treasurer
    assert report.submitted_at is not None
    entry = AuditEntry.objects.get(action="support_tax.report.submit")
    assert entry.actor == treasurer
    page = client.get(reverse("support_tax:report-list")).content.decode()
    assert f'action="{url}"' not in page  # no button on a final report
    assert 'id="report-final-years"' in page


def test_a_second_final_report_for_the_year_is_a_clear_error(client, treasurer):
    first, second = _built(), _built()
    services.report_submit(actor=treasurer, report=first)
    client.force_login(treasurer)
    r = client.post(reverse("support_tax:report-submit", args=[second.public_id]))
    assert r.status_code == 400
    body = r.content.decode()
    assert 'id="report-submit-error"' in body
    assert "2026" in body
    second.refresh_from_db()
    assert second.status == TaxReport.Status.DRAFT


def test_the_database_refuses_two_final_reports(treasurer):
    first, second = _built(), _built()
    services.report_submit(actor=treasurer, report=first)
    second.status = TaxReport.Status.FINAL
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_only_a_draft_can_be_submitted(treasurer):
    building = TaxReport.objects.create(year=2026)
    with pytest.raises(ValidationError):
        services.report_submit(actor=treasurer, report=building)
    report = _built()
    services.report_submit(actor=treasurer, report=report)
    with pytest.raises(ValidationError):
        services.report_submit(actor=treasurer, report=report)  # already final


def test_a_new_report_for_a_submitted_year_is_only_a_correction(
    client, treasurer, django_capture_on_commit_callbacks
):
    services.report_submit(actor=treasurer, report=_built())
    client.force_login(treasurer)
    r = client.post(reverse("support_tax:report-build"), {"year": "2026"})
    assert r.status_code == 400
    assert 'id="id_correction_error"' in r.content.decode() or "error" in r.content.decode()
    assert TaxReport.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("support_tax:report-build"), {"year": "2026", "correction": "on"})
    assert r.status_code == 302
    correction = TaxReport.objects.exclude(status=TaxReport.Status.FINAL).get()
    assert correction.correction
    assert correction.status == TaxReport.Status.DRAFT
    # another year needs no box
    r = client.post(reverse("support_tax:report-build"), {"year": "2025"})
    assert r.status_code == 302
    assert not TaxReport.objects.get(year=2025).correction


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_403_on_submit(client, donor_user, method):
    report = _built()
    client.force_login(donor_user)
    url = reverse("support_tax:report-submit", args=[report.public_id])
    assert getattr(client, method)(url).status_code in (403, 405)
    assert client.post(url).status_code == 403
    report.refresh_from_db()
    assert report.status == TaxReport.Status.DRAFT


def test_forged_report_id_is_404_for_the_treasurer(client, treasurer):
    client.force_login(treasurer)
    url = reverse("support_tax:report-submit", args=["00000000-0000-0000-0000-000000000000"])
    assert client.post(url).status_code == 404


def test_erasure_keeps_the_cpr_number_a_final_report_names(donor, donor_user, treasurer):
    today = timezone.localdate()
    year = today.year - 2  # outside the years whose report is still due
    services.cpr_give(actor=donor_user, supporter=donor, cpr=MARKER_CPR)
    book(donor, 50_000, on=datetime.date(year, 6, 1))
    report = _built(year)
    assert not gdpr.identity_still_needed(donor, today=today)  # a draft names nobody yet
    services.report_submit(actor=treasurer, report=report)
    assert gdpr.identity_still_needed(donor, today=today)
    gdpr._erase(donor_user)
    assert DonorIdentity.objects.filter(supporter=donor).exists()
    # six years on, the report need not be kept: the number can go
    assert not gdpr.identity_still_needed(donor, today=datetime.date(year + 6, 1, 1))


def test_the_report_list_keeps_its_query_count(client, treasurer, django_assert_max_num_queries):
    for year in (2022, 2023, 2024, 2025):
        services.report_submit(actor=treasurer, report=_built(year))
        _built(year)
    client.force_login(treasurer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("support_tax:report-list")).status_code == 200
