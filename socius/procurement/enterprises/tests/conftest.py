"""Enterprises, their contacts, a buyer, an administrator (procurement.companies) and an
outsider; organisations with valid made-up CVR numbers."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from socius.core.models import Municipality, MunicipalSpace, Organisation
from socius.core.roles import Role
from socius.procurement.enterprises import services
from socius.procurement.enterprises.models import SocialEnterprise
from socius.tests_support.factories import OrganisationFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# Made up, but passing the CVR check (weights 2 7 6 5 4 3 2 1, modulus 11).
CVR_A = "10000009"
CVR_B = "12345674"
CVR_C = "20000007"
CVR_BAD = "12345678"
TODAY = datetime.date(2026, 6, 15)


def cvr_valid(seed: int) -> str:
    """A valid CVR number made from ``seed`` (for tests needing many)."""
    weights = (2, 7, 6, 5, 4, 3, 2, 1)
    base = f"{3000000 + seed:07d}"
    for last in range(10):
        code = base + str(last)
        if sum(int(d) * w for d, w in zip(code, weights, strict=True)) % 11 == 0:
            return code
    return cvr_valid(seed + 5000)


def pdf(name: str = "bevis.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def client(client: Any) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def contact(db: None) -> Any:
    return UserFactory(roles=[Role.CITIZEN], name="Karin Kontakt")


@pytest.fixture
def organisation(contact: Any) -> Organisation:
    return OrganisationFactory(
        name="Grøn Vask ApS", slug="groen-vask", kind=Organisation.Kind.SOCIAL_ECONOMY,
        cvr=CVR_A, contact=contact,
    )  # fmt: skip


@pytest.fixture
def buyer(db: None) -> Any:
    return UserFactory(roles=[Role.BUYER], totp=True, name="Ida Indkøber")


@pytest.fixture
def admin_companies(db: None) -> Any:
    return UserFactory(roles=[Role.ADMINISTRATOR], totp=True, name="Anne Administrator")


@pytest.fixture
def space(db: None) -> MunicipalSpace:
    municipality = Municipality.objects.get(code="751")
    space, _created = MunicipalSpace.objects.get_or_create(
        municipality=municipality,
        defaults={"slug": "aarhus", "authority": "Aarhus Kommune", "contact_email": "a@a.dk"},
    )
    return space


def facts(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rsv_status": SocialEnterprise.RsvStatus.REGISTERED,
        "rsv_source": "https://datacvr.virk.dk/",
        "rsv_stated_on": TODAY - datetime.timedelta(days=30),
        "share_tenths": 350,
        "share_note": "Fastansatte i fleksjob og på særlige vilkår.",
        "share_evidence_url": "",
        "capacity": "Ti medarbejdere; vi kan begynde med en måneds varsel.",
    }
    data.update(changes)
    return data


def enterprise_make(
    organisation: Organisation,
    actor: Any,
    *,
    codes: tuple[str, ...] = ("90910000-9",),
    areas: tuple[str, ...] = ("751",),
    evidence: bool = True,
    **changes: Any,
) -> SocialEnterprise:
    return services.enterprise_register(
        actor=actor,
        organisation=organisation,
        facts=facts(**changes),
        areas=list(Municipality.objects.filter(code__in=areas)),
        cpv_codes=list(codes),
        evidence=pdf() if evidence else None,
        today=TODAY,
    )
