"""A municipality with a department, a buyer, a supplier organisation with its contact, an
outsider, and a works contract of 60 mio. kr over 18 months, made with the models directly."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socius.core.models import Municipality, MunicipalSpace
from socius.core.roles import Role
from socius.procurement.clauses import services
from socius.procurement.clauses.selectors import clause_version_for_category
from socius.procurement.models import Contract, Department
from socius.tests_support.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
START = datetime.date(2026, 1, 1)


def pdf_upload(name: str = "aftaler.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def office_upload(name: str = "liste.docx", members: dict[str, bytes] | None = None) -> Any:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in (members or {"[Content_Types].xml": b"<Types/>"}).items():
            archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def space(db: None) -> MunicipalSpace:
    space, _ = MunicipalSpace.objects.get_or_create(
        slug="aarhus",
        defaults={
            "municipality": Municipality.objects.get(code="751"),
            "authority": "Aarhus Kommune",
            "contact_email": "kontakt@aarhus.example",
        },
    )
    return space


@pytest.fixture
def department(space: MunicipalSpace) -> Department:
    return Department.objects.create(space=space, name="Teknik og Miljø", slug="teknik-og-miljoe")


@pytest.fixture
def buyer(db: None) -> Any:
    return UserFactory(roles=[Role.BUYER], totp=True, name="Ida Indkøber")


@pytest.fixture
def supplier_contact(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], name="Lars Leverandør")


@pytest.fixture
def supplier(supplier_contact: Any) -> Any:
    return OrganisationFactory(name="Byg & Anlæg Østjylland A/S", cvr="", contact=supplier_contact)


@pytest.fixture
def contract(department: Department, supplier: Any, buyer: Any) -> Contract:
    return Contract.objects.create(
        space=department.space,
        department=department,
        reference="AAR-TEST-001",
        title="Ny skole i Lisbjerg",
        cpv_code="45214200-2",
        kind=Contract.Kind.WORKS,
        estimated_value_ore=60_000_000_00,
        duration_months=18,
        starts_on=START,
        ends_on=datetime.date(2027, 6, 30),
        procedure=Contract.Procedure.OPEN,
        supplier=supplier,
        status=Contract.Status.ACTIVE,
        created_by=buyer,
    )


@pytest.fixture
def training_clause(contract: Contract, buyer: Any) -> Any:
    version = clause_version_for_category(category="training")
    return services.contract_clause_add(
        actor=buyer,
        contract=contract,
        version=version,
        values={"trainees_per_million": "0,5"},
        sanctions_agreed=True,
        sanction_terms="Bod på 10.000 kr. pr. manglende elev.",
    )


@pytest.fixture
def first_period(training_clause: Any) -> Any:
    return training_clause.obligations.order_by("number").first()


@pytest.fixture
def report(first_period: Any, supplier_contact: Any) -> Any:
    return services.report_submit(
        actor=supplier_contact,
        obligation=first_period,
        counts={"trainees": 14},
        comment="14 elever i perioden.",
        files=[pdf_upload()],
    )
