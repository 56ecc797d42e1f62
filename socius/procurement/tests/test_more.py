"""The CPV vocabulary, the contract page, the municipality section, hostile CSV files and
the demo content."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from socius.core.roles import Role
from socius.procurement import services
from socius.procurement.cpv import cpv_label, cpv_search
from socius.procurement.imports import csv_rows
from socius.procurement.models import Contract, ContractImport
from socius.procurement.sections import municipality_procurement
from socius.tests_support.factories import UserFactory

HEADER = "reference;title;department;cpv;value;duration_months\n"


def _contract(space, buyer, department, **extra):
    fields = dict(
        reference="T-1",
        title="Skolebyggeri",
        department=department,
        cpv_code="45000000-7",
        kind="works",
        estimated_value_ore=6_000_000_000,
        duration_months=18,
        procedure="open",
    )
    fields.update(extra)
    return services.contract_create(actor=buyer, space=space, **fields)


def test_cpv_labels_follow_the_language(settings):
    from django.utils import translation

    with translation.override("da"):
        assert cpv_label("45000000-7") == "Bygge- og anlægsarbejder"
    with translation.override("en"):
        assert cpv_label("45000000") == "Construction work"
    assert cpv_label("12345678") == ""
    assert cpv_search("4521")[0][0] == "45210000-2"
    assert cpv_search("") == []


@pytest.mark.parametrize(
    ("value", "ore"),
    [("4.999.999,99", 499_999_999), ("5 mio.", 500_000_000), ("1,5 mio. kr.", 150_000_000)],
)
def test_import_amounts(space, buyer, department, value, ore):
    rows = csv_rows(HEADER + f"X-1;Byg;Teknik og Miljø;45000000-7;{value};6\n")
    assert services.contracts_import(actor=buyer, space=space, rows=rows).created == 1
    assert Contract.objects.get().estimated_value_ore == ore


@pytest.mark.parametrize("value", ["-5", "1e9", "", "=1+1", "@SUM(A1)", "1,500.50"])
def test_import_refuses_bad_amounts(space, buyer, department, value):
    rows = csv_rows(HEADER + f"X-1;Byg;Teknik og Miljø;45000000-7;{value};6\n")
    report = services.contracts_import(actor=buyer, space=space, rows=rows)
    assert report.created == 0
    assert report.problems[0].line == 2
    assert Contract.objects.count() == 0


def test_import_refuses_duplicates_and_unknown_department(space, buyer, department):
    _contract(space, buyer, department, reference="D-1")
    rows = csv_rows(
        HEADER
        + "D-1;Byg;Teknik og Miljø;45000000-7;100;6\n"
        + "D-2;Byg;Ukendt;45000000-7;100;6\n"
        + "D-3;Byg;Teknik og Miljø;45000000-7;100;6\n"
        + "D-3;Byg;Teknik og Miljø;45000000-7;100;6\n"
    )
    report = services.contracts_import(actor=buyer, space=space, rows=rows)
    assert [p.line for p in report.problems] == [2, 3, 5]
    assert Contract.objects.count() == 1


def test_import_page_refuses_wrong_encoding(client, space, buyer, department):
    client.force_login(buyer)
    upload = SimpleUploadedFile("k.csv", (HEADER + "Æ;Byg;x;45000000-7;1;6\n").encode("utf-16"))
    response = client.post(
        reverse("procurement:contract-import", args=["aarhus"]), {"file": upload}
    )
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert ContractImport.objects.count() == 0


def test_import_page_lists_refused_lines(client, space, buyer, department):
    client.force_login(buyer)
    body = HEADER + "W-1;<script>alert(1)</script>;Teknik og Miljø;45000000-8;1.000;6\n"
    upload = SimpleUploadedFile("k.csv", body.encode())
    response = client.post(
        reverse("procurement:contract-import", args=["aarhus"]), {"file": upload}, follow=True
    )
    html = response.content.decode()
    assert "45000000-7" in html  # the reason names the right check digit
    assert "<script>alert" not in html
    assert Contract.objects.count() == 0
    assert ContractImport.objects.get().status == "refused"


def test_import_missing_columns(client, space, buyer, department):
    client.force_login(buyer)
    upload = SimpleUploadedFile("k.csv", b"a;b\n1;2\n")
    response = client.post(
        reverse("procurement:contract-import", args=["aarhus"]), {"file": upload}, follow=True
    )
    assert ContractImport.objects.get().status == "refused"
    assert response.status_code == 200


def test_service_refuses_foreign_department(space, buyer, department):
    from socius.core.models import Municipality, MunicipalSpace

    other = MunicipalSpace.objects.create(
        slug="odense",
        municipality=Municipality.objects.get(code="461"),
        contact_email="k@odense.example",
    )
    with pytest.raises(ValidationError):
        _contract(other, buyer, department)
    assert Contract.objects.count() == 0


def test_edit_keeps_what_was_typed(client, space, buyer, department):
    contract = _contract(space, buyer, department)
    client.force_login(buyer)
    url = reverse("procurement:contract-edit", args=[contract.public_id])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "reference": "T-1",
            "title": "Nyt navn",
            "department": department.pk,
            "cpv_code": "45000000-7",
            "kind": "works",
            "estimated_value": "5 mio.",
            "duration_months": "x" * 300,
            "procedure": "open",
            "status": "planning",
        },
    )
    assert response.status_code == 200
    assert "Nyt navn" in response.content.decode()
    contract.refresh_from_db()
    assert contract.title == "Skolebyggeri"


def test_department_create(client, space, buyer):
    url = reverse("procurement:department-create", args=["aarhus"])
    client.force_login(UserFactory())
    assert client.post(url, {"name": "X"}).status_code == 403
    client.force_login(buyer)
    assert client.post(url, {"name": "Børn og Unge"}).status_code == 302
    assert client.get(reverse("procurement:department-list", args=["aarhus"])).status_code == 200


def test_unknown_space_and_contract_are_404(client, db):
    import uuid

    assert client.get(reverse("procurement:contract-list", args=["nowhere"])).status_code == 404
    url = reverse("procurement:contract-detail", args=[uuid.uuid4()])
    assert client.get(url).status_code == 404


def test_space_home_links(client, space, buyer):
    response = client.get(reverse("procurement:space-home", args=["aarhus"]))
    assert response.status_code == 200
    assert reverse("procurement:contract-create", args=["aarhus"]) not in response.content.decode()
    client.force_login(buyer)
    response = client.get(reverse("procurement:space-home", args=["aarhus"]))
    assert reverse("procurement:contract-create", args=["aarhus"]) in response.content.decode()


def test_municipality_section(space, buyer, department, django_assert_num_queries):
    assert municipality_procurement(municipality=space.municipality) == []
    _contract(space, buyer, department)
    with django_assert_num_queries(1):
        items = municipality_procurement(municipality=space.municipality)
    assert items[0]["count"] == 1


def test_contract_detail_shows_the_blocks(client, space, buyer, department):
    pytest.importorskip("socius.procurement.rules.templatetags.procurement_rules_tags")
    pytest.importorskip("socius.procurement.clauses.templatetags.procurement_clauses_tags")
    contract = _contract(space, buyer, department)
    response = client.get(contract.get_absolute_url())
    assert response.status_code == 200
    assert "Skolebyggeri" in response.content.decode()


def test_the_demo_seeds_once(db):
    from socius.core.demo import demo_seed as core_seed
    from socius.procurement.demo import demo_seed

    core_seed()
    assert demo_seed()
    assert demo_seed() == []
    # Ten entered by hand, two from the demo's finished CSV import.
    assert Contract.objects.filter(reference__startswith="AAR-2026-").count() == 12
    job = ContractImport.objects.get()
    assert (job.status, job.created_count, job.problems) == ("done", 2, [])
    big = Contract.objects.get(reference="AAR-2026-001")
    assert big.estimated_value_ore == 6_000_000_000
    assert big.kind == "works"
    assert Contract.objects.get(reference="AAR-2026-003").estimated_value_ore == 499_999_900
    assert (
        UserFactory._meta.model.objects.get(email="indkoeber@socius.example")
        .role_assignments.filter(role=Role.BUYER)
        .exists()
    )


def test_filter_clause_required(
    client, space, buyer, department, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        big = _contract(space, buyer, department, reference="BIG")
        small = _contract(
            space,
            buyer,
            department,
            reference="SMALL",
            estimated_value_ore=100_000_00,
            duration_months=3,
            cpv_code="90910000-9",
            kind="services",
        )
    url = reverse("procurement:contract-list", args=["aarhus"])
    html = client.get(url, {"clause_required": "on"}).content.decode()
    assert big.get_absolute_url() in html
    assert small.get_absolute_url() not in html
    html = client.get(
        url, {"status": "nonsense", "department": "<x>", "text": "x" * 500}
    ).content.decode()
    assert "Skolebyggeri" in html or "No contracts" in html or "Ingen" in html


def _form_data(department, **extra):
    data = {
        "reference": "F-1",
        "title": "Rengøring af skoler",
        "department": department.pk,
        "cpv_code": "90910000-9",
        "kind": "services",
        "estimated_value": "5.000.000",
        "performed_in_denmark": "on",
        "duration_months": "24",
        "procedure": "open",
        "status": "awarded",
        "awarded_on": "2026-03-01",
    }
    data.update(extra)
    return data


def test_a_supplier_unknown_by_cvr_needs_a_name_and_is_then_added(client, space, buyer, department):
    from socius.core.models import Organisation

    client.force_login(buyer)
    url = reverse("procurement:contract-create", args=["aarhus"])
    # given a valid CVR number the platform does not know, without a name
    response = client.post(url, _form_data(department, supplier_cvr="30000005"))
    # then nothing is saved, and the form asks for the name
    assert response.status_code == 200
    assert "supplier_name" in response.context["form"].errors
    assert not Contract.objects.exists()
    # when the name is given, the supplier is added and the contract saved with it
    response = client.post(
        url, _form_data(department, supplier_cvr="30000005", supplier_name="Ren By ApS")
    )
    assert response.status_code == 302
    contract = Contract.objects.get(reference="F-1")
    assert contract.supplier == Organisation.objects.get(cvr="30000005", name="Ren By ApS")
    assert contract.awarded_on.isoformat() == "2026-03-01"


def test_import_reads_the_award_date(space, buyer, department):
    rows = csv_rows(
        "reference;title;department;cpv;value;duration_months;awarded_on\n"
        "A-9;Byg;Teknik og Miljø;45000000-7;100;6;30.06.2022\n"
    )
    assert services.contracts_import(actor=buyer, space=space, rows=rows).created == 1
    assert Contract.objects.get(reference="A-9").awarded_on.isoformat() == "2022-06-30"
    bad = csv_rows(
        "reference;title;department;cpv;value;duration_months;awarded_on\n"
        "A-10;Byg;Teknik og Miljø;45000000-7;100;6;31.02.2022\n"
    )
    report = services.contracts_import(actor=buyer, space=space, rows=bad)
    assert report.created == 0
    assert report.problems[0].line == 2


def test_a_municipality_that_does_not_take_part_has_no_procurement_pages(client, space):
    space.participates = False
    space.save(update_fields=["participates"])
    assert client.get(reverse("procurement:space-home", args=["aarhus"])).status_code == 404
    assert client.get(reverse("procurement:contract-list", args=["aarhus"])).status_code == 404


def test_the_municipality_page_lists_the_newest_contracts(client, space, buyer, department):
    for n in range(7):
        _contract(space, buyer, department, reference=f"N-{n}", title=f"Kontrakt nummer {n}")
    page = client.get(reverse("procurement:space-home", args=["aarhus"])).content.decode()
    assert "Kontrakt nummer 6" in page
    assert "Kontrakt nummer 2" in page
    assert "Kontrakt nummer 1" not in page  # five, newest first
    assert Contract.objects.get(reference="N-6").get_absolute_url() in page


def test_the_form_refuses_a_duration_that_disagrees_with_the_dates(
    client, space, buyer, department
):
    client.force_login(buyer)
    url = reverse("procurement:contract-create", args=["aarhus"])
    data = _form_data(department, starts_on="2026-01-01", ends_on="2026-12-31")
    response = client.post(url, {**data, "duration_months": "5"})
    assert response.status_code == 200
    assert "duration_months" in response.context["form"].errors
    assert not Contract.objects.exists()
    assert client.post(url, {**data, "duration_months": "12"}).status_code == 302
