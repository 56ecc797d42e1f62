"""The pages, through the test client: who sees what, hostile input, downloads, query counts."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from socius.procurement.clauses import services
from socius.procurement.clauses.models import (
    ContractClause,
    Evidence,
    NonConformity,
    ReportStatus,
    SupplierReport,
)
from socius.procurement.clauses.tests.conftest import PDF, pdf_upload

pytestmark = pytest.mark.django_db


def test_the_library_and_a_clause_are_public(client):
    page = client.get(reverse("procurement_clauses:clause-list"))
    assert page.status_code == 200
    assert "Uddannelsesklausul" in page.text
    detail = client.get(reverse("procurement_clauses:clause-detail", args=["uddannelsesklausul"]))
    assert "§ 176, stk. 2" in detail.text
    assert (
        client.get(reverse("procurement_clauses:clause-detail", args=["nope"])).status_code == 404
    )


def test_a_new_version_needs_the_library_capability(client, buyer, administrator):
    url = reverse("procurement_clauses:clause-version-create", args=["uddannelsesklausul"])
    client.force_login(buyer)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "legal_basis": "x",
            "text": "y",
            "follow_up": "z",
            "report_every_months": "0",
            "valid_from": "2027-01-01",
            "parameters": "{not json",
        },
    )
    assert bad.status_code == 400
    assert "JSON" in bad.text
    good = client.post(
        url,
        {
            "legal_basis": "<b>Lov</b>",
            "text": "Tekst.",
            "follow_up": "Årligt.",
            "report_every_months": "12",
            "valid_from": "2026-01-01",
            "parameters": "",
        },
    )
    assert good.status_code == 302
    assert "&lt;b&gt;Lov" in client.get(good.url).text


def test_a_buyer_adds_a_clause_with_the_category_preselected(client, buyer, contract):
    url = reverse("procurement_clauses:contract-clause-add", args=[contract.public_id])
    client.force_login(buyer)
    chooser = client.get(url)
    assert chooser.status_code == 200
    assert 'name="kategori"' in chooser.text
    form = client.get(url + "?kategori=training")
    assert 'name="p_trainees_per_million"' in form.text
    response = client.post(
        url + "?kategori=training", {"p_trainees_per_million": "0,5", "sanctions_agreed": ""}
    )
    assert response.status_code == 302
    assert ContractClause.objects.get().obligations.count() == 2


@pytest.mark.parametrize(
    "value", ["4.999.999,99", "5 mio.", "-5", "1e9", "", "<script>alert(1)</script>", "x" * 300]
)
def test_hostile_parameter_values_are_refused_on_the_form(client, buyer, contract, value):
    url = reverse("procurement_clauses:contract-clause-add", args=[contract.public_id])
    client.force_login(buyer)
    response = client.post(url + "?kategori=training", {"p_trainees_per_million": value})
    assert response.status_code == 400
    assert "<script>alert" not in response.text
    assert ContractClause.objects.count() == 0


def test_a_forged_category_shows_the_chooser_with_an_error(client, buyer, contract):
    url = reverse("procurement_clauses:contract-clause-add", args=[contract.public_id])
    client.force_login(buyer)
    assert client.get(url + "?kategori=admin").status_code == 400
    assert client.post(url + "?kategori=admin", {}).status_code == 400


def test_adding_a_clause_answers_403_without_the_role_and_404_for_an_unknown_contract(
    client, supplier_contact, buyer
):
    url = reverse("procurement_clauses:contract-clause-add", args=[uuid.uuid4()])
    client.force_login(supplier_contact)
    assert client.get(url).status_code == 403
    client.force_login(buyer)
    assert client.get(url).status_code == 404


def test_the_supplier_files_a_report_with_evidence(
    client, supplier_contact, first_period, django_assert_max_num_queries
):
    client.force_login(supplier_contact)
    with django_assert_max_num_queries(20):
        home = client.get(reverse("procurement_clauses:supplier-home"))
    assert "Ny skole i Lisbjerg" in home.text
    url = reverse("procurement_clauses:report-create", args=[first_period.public_id])
    response = client.post(url, {"trainees": "15", "comment": "", "files": [pdf_upload()]})
    assert response.status_code == 302
    report = SupplierReport.objects.get()
    assert (report.trainees, report.evidence.count()) == (15, 1)
    again = client.post(url, {"trainees": "15"})
    assert again.status_code == 302
    assert SupplierReport.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"trainees": "-1"}, "0"),
        ({"trainees": "abc"}, ""),
        ({"trainees": "1", "files": [pdf_upload(content=PDF + b"/JS (x)")]}, "scripts"),
        ({"trainees": "1", "comment": "x" * 2001}, ""),
    ],
    ids=["negative", "text", "javascript", "long-comment"],
)
def test_a_bad_report_is_refused_with_a_message_and_what_was_typed_kept(
    client, supplier_contact, first_period, data, message
):
    client.force_login(supplier_contact)
    url = reverse("procurement_clauses:report-create", args=[first_period.public_id])
    response = client.post(url, {"comment": "Hej", **data})
    assert response.status_code == 400
    assert message in response.text
    assert SupplierReport.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_the_buyer_approves_and_the_public_outcome_shows_counts_never_names(
    client, buyer, report, training_clause, supplier_contact
):
    client.force_login(buyer)
    url = reverse("procurement_clauses:report-review", args=[report.public_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "approve"}).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    client.logout()
    outcome = client.get(reverse("procurement_clauses:outcome", args=[training_clause.public_id]))
    assert outcome.status_code == 200
    assert "14" in outcome.text
    assert supplier_contact.name not in outcome.text
    assert "elever i perioden" not in outcome.text


def test_the_buyer_raises_a_non_conformity_with_a_sanction(client, buyer, report):
    client.force_login(buyer)
    url = reverse("procurement_clauses:report-review", args=[report.public_id])
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    bad = client.post(
        url,
        {
            "action": "raise",
            "nc-finding": "Mangler en elev.",
            "nc-remedy": "Ansæt.",
            "nc-remedy_due_on": due,
            "nc-sanction": "5 mio.",
        },
    )
    assert bad.status_code == 400
    assert NonConformity.objects.count() == 0
    good = client.post(
        url,
        {
            "action": "raise",
            "nc-finding": "Mangler en elev.",
            "nc-remedy": "Ansæt.",
            "nc-remedy_due_on": due,
            "nc-sanction": "10.000",
            "nc-sanction_note": "Bod.",
        },
    )
    assert good.status_code == 302
    finding = NonConformity.objects.get()
    assert finding.sanction_ore == 1_000_000
    resolve = reverse("procurement_clauses:non-conformity-resolve", args=[finding.public_id])
    assert client.post(resolve, {"resolution": ""}).status_code == 400
    assert client.post(resolve, {"resolution": "Eleven er ansat."}).status_code == 302


def test_evidence_is_an_attachment_with_nosniff_for_the_buyer_and_the_supplier_only(
    client, buyer, supplier_contact, outsider, report
):
    evidence = report.evidence.get()
    url = reverse("procurement_clauses:evidence-download", args=[evidence.public_id])
    for person in (buyer, supplier_contact):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_dashboard_is_public_with_charts_and_tables_and_a_fixed_number_of_queries(
    client, report, buyer, space, django_assert_max_num_queries
):
    services.report_approve(actor=buyer, report=report)
    url = reverse("procurement_clauses:dashboard", args=[space.slug])
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert "Teknik og Miljø" in page.text
    assert "<table" in page.text
    assert "chart-image" in page.text
    assert client.get(reverse("procurement_clauses:dashboard", args=["nowhere"])).status_code == 404


def test_the_block_on_the_contract_page(rf, buyer, outsider, training_clause, contract):
    from django.template import Context, Template

    template = Template("{% load procurement_clauses_tags %}{% clauses_block contract user %}")
    for_buyer = template.render(Context({"contract": contract, "user": buyer}))
    assert "tilfoej" in for_buyer
    assert "/klausuler/periode/" in for_buyer
    for_outsider = template.render(Context({"contract": contract, "user": outsider}))
    assert "tilfoej" not in for_outsider
    assert "/klausuler/periode/" not in for_outsider
    assert "resultater" in for_outsider


def test_the_dashboard_links_each_outcome_and_shows_buyers_what_waits(
    client, report, buyer, outsider, space, django_assert_max_num_queries
):
    url = reverse("procurement_clauses:dashboard", args=[space.slug])
    outcome = reverse(
        "procurement_clauses:outcome", args=[report.obligation.contract_clause.public_id]
    )
    review = reverse("procurement_clauses:report-review", args=[report.public_id])
    # Everyone finds each clause's outcome page from the dashboard.
    page = client.get(url).content.decode()
    assert outcome in page
    assert review not in page
    client.force_login(outsider)
    assert review not in client.get(url).content.decode()
    # The buyer also sees the submitted report waiting for review, in a fixed number of queries.
    client.force_login(buyer)
    with django_assert_max_num_queries(16):
        page = client.get(url).content.decode()
    assert review in page
    services.report_approve(actor=buyer, report=report)
    assert review not in client.get(url).content.decode()
