"""404 for a report, period or document a person may not know of; 403 for the pages a person
knows of but lacks the role for."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_periods_reports_and_findings_answer_404_to_outsiders(client, outsider, report):
    period = report.obligation
    client.force_login(outsider)
    for public_id in (period.public_id, uuid.uuid4()):
        assert (
            client.get(
                reverse("procurement_clauses:obligation-detail", args=[public_id])
            ).status_code
            == 404
        )
        assert (
            client.get(reverse("procurement_clauses:report-create", args=[public_id])).status_code
            == 404
        )
    for public_id in (report.public_id, uuid.uuid4()):
        assert (
            client.get(reverse("procurement_clauses:report-review", args=[public_id])).status_code
            == 404
        )
        assert (
            client.post(
                reverse("procurement_clauses:report-review", args=[public_id]),
                {"action": "approve"},
            ).status_code
            == 404
        )


def test_the_supplier_cannot_review_its_own_report(client, supplier_contact, report):
    client.force_login(supplier_contact)
    url = reverse("procurement_clauses:report-review", args=[report.public_id])
    assert client.post(url, {"action": "approve"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_staff_pages_answer_403_without_the_role(client, supplier_contact, contract):
    client.force_login(supplier_contact)
    assert (
        client.get(
            reverse("procurement_clauses:clause-version-create", args=["uddannelsesklausul"])
        ).status_code
        == 403
    )
    assert (
        client.get(
            reverse("procurement_clauses:contract-clause-add", args=[contract.public_id])
        ).status_code
        == 403
    )


def test_anonymous_visitors_are_sent_to_log_in(client, report):
    url = reverse("procurement_clauses:obligation-detail", args=[report.obligation.public_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/konto/login/")
