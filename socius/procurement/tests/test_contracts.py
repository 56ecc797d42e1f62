import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from socius.procurement import services
from socius.procurement.cpv import cpv_covers, cpv_kind, cpv_normalise
from socius.procurement.imports import ImportFileError, csv_rows, decode
from socius.procurement.models import Contract, ContractImport
from socius.tests_support.factories import UserFactory

HEADER = "reference;title;department;cpv;value;in_denmark;duration_months;starts_on;ends_on;supplier_cvr;supplier_name\n"


def _contract(space, buyer, department, **extra):
    fields = dict(
        reference="T-1",
        title="Skolebyggeri",
        department=department,
        cpv_code="45000000",
        kind="works",
        estimated_value_ore=6_000_000_000,
        duration_months=18,
        procedure="open",
    )
    fields.update(extra)
    return services.contract_create(actor=buyer, space=space, **fields)


def test_cpv():
    assert cpv_normalise(" 45000000 - 7 ") == "45000000-7"
    assert cpv_covers("45000000-7", "45210000-2")
    assert not cpv_covers("45210000-2", "45000000-7")
    assert cpv_kind("90910000-9") == "services"
    for bad in ["45000000-8", "12345678-1", "<script>", "4" * 100]:
        with pytest.raises(ValidationError):
            cpv_normalise(bad)


def test_cpv_code_not_listed_under_a_known_division_needs_its_check_digit():
    # The vendored vocabulary is a subset: a code it does not list is taken as typed, with
    # its check digit, when its division exists; a division that does not exist is refused.
    assert cpv_normalise("45262700-8") == "45262700-8"
    with pytest.raises(ValidationError) as missing:
        cpv_normalise("45262700")
    assert missing.value.code == "cpv_no_check_digit"
    with pytest.raises(ValidationError) as unknown:
        cpv_normalise("46000000-1")
    assert unknown.value.code == "cpv_unknown"


def test_contract_create_sends_signal(space, buyer, department, django_capture_on_commit_callbacks):
    from socius.procurement.signals import contracts_changed

    seen = []
    contracts_changed.connect(
        lambda **kw: seen.append(kw["contract_ids"]), weak=False, dispatch_uid="t"
    )
    with django_capture_on_commit_callbacks(execute=True):
        contract = _contract(space, buyer, department)
    assert contract.cpv_code == "45000000-7"
    assert seen[-1] == [contract.pk]
    contracts_changed.disconnect(dispatch_uid="t")


def test_import_all_or_nothing(space, buyer, department):
    text = HEADER + (
        "A-1;Rengøring;Teknik og Miljø;90910000-9;4.999.999,99;ja;12;;;;\n"
        "A-2;Byg;Teknik og Miljø;45000000-7;5 mio.;ja;6;2026-01-01;2026-06-30;;\n"
        "A-3;Bad;Teknik og Miljø;45000000-7;-5;ja;6;;;;\n"
        'A-4;=HYPERLINK("x");Teknik og Miljø;45000000-7;1000;ja;6;;;;\n'
        "A-5;Datoer;Teknik og Miljø;45000000-7;1000;ja;3;2026-01-01;2026-12-31;;\n"
        "A-6;CVR;Teknik og Miljø;45000000-7;1000;ja;3;;;12345678;X\n"
        "A-7;CPV;Teknik og Miljø;45000000-8;1000;ja;3;;;;\n"
    )
    report = services.contracts_import(actor=buyer, space=space, rows=csv_rows(text))
    assert report.created == 0
    assert [p.line for p in report.problems] == [4, 5, 6, 7, 8]
    assert Contract.objects.count() == 0


def test_import_creates_and_matches_supplier(space, buyer, department):
    text = HEADER + (
        "A-1;Rengøring;Teknik og Miljø;90910000-9;4.999.999,99;ja;12;;;;\n"
        "A-2;Byg;Teknik og Miljø;45000000-7;5 mio.;nej;6;2026-01-01;2026-06-30;10000009;Café\n"
    )
    report = services.contracts_import(actor=buyer, space=space, rows=csv_rows(text))
    assert report.created == 2
    assert Contract.objects.get(reference="A-1").estimated_value_ore == 499_999_999
    a2 = Contract.objects.get(reference="A-2")
    assert a2.estimated_value_ore == 500_000_000
    assert not a2.performed_in_denmark
    assert a2.supplier.cvr == "10000009"


def test_decode():
    assert decode("\ufeffæ".encode()) == "æ"
    assert decode("æ".encode("cp1252")) == "æ"
    with pytest.raises(ImportFileError):
        decode("æ".encode("utf-16"))


def test_command(space, department, tmp_path):
    f = tmp_path / "k.csv"
    f.write_bytes((HEADER + "C-1;Byg;Teknik og Miljø;45000000-7;1.000;ja;6;;;;\n").encode("cp1252"))
    call_command("procurement_import", "aarhus", str(f), "--quiet")
    assert Contract.objects.filter(reference="C-1").exists()


def test_views_outsiders(client, space, buyer, department):
    contract = _contract(space, buyer, department)
    assert client.get(reverse("procurement:contract-list", args=["aarhus"])).status_code == 200
    assert client.get(reverse("procurement:contract-create", args=["aarhus"])).status_code in (
        302,
        403,
    )
    client.force_login(UserFactory())
    assert client.get(reverse("procurement:contract-create", args=["aarhus"])).status_code == 403
    assert (
        client.get(reverse("procurement:contract-edit", args=[contract.public_id])).status_code
        == 403
    )
    assert client.get(reverse("procurement:contract-import", args=["aarhus"])).status_code == 403
    job = ContractImport.objects.create(space=space, created_by=buyer)
    assert client.get(reverse("procurement:import-detail", args=[job.public_id])).status_code == 404


def test_buyer_creates_contract_hostile_input(client, space, buyer, department):
    client.force_login(buyer)
    url = reverse("procurement:contract-create", args=["aarhus"])
    data = dict(
        reference="R-1",
        title="<script>x</script>",
        department=department.pk,
        cpv_code="99999999-1",
        kind="works",
        estimated_value="-5",
        duration_months="6",
        procedure="open",
        status="planning",
        supplier_cvr="12345678",
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert Contract.objects.count() == 0
    data.update(cpv_code="45000000", estimated_value="5.000.000", supplier_cvr="")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Contract.objects.get().estimated_value_ore == 500_000_000


def test_list_query_count(client, space, buyer, department, django_assert_max_num_queries):
    for i in range(5):
        _contract(space, buyer, department, reference=f"Q-{i}")
    with django_assert_max_num_queries(12):
        client.get(reverse("procurement:contract-list", args=["aarhus"]))


def test_import_page(client, space, buyer, department):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(buyer)
    upload = SimpleUploadedFile(
        "k.csv", (HEADER + "W-1;Byg;Teknik og Miljø;45000000-7;1.000;ja;6;;;;\n").encode()
    )
    response = client.post(
        reverse("procurement:contract-import", args=["aarhus"]), {"file": upload}
    )
    assert response.status_code == 302
    job = ContractImport.objects.get()
    page = client.get(response["Location"])
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.status == "done"
    assert job.created_count == 1
