"""Aarhus with a department, a supplier with a CVR number, and a helper that makes contracts
of any status with lots and clauses, straight in the models (the OCDS part only reads them)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from socius.core.models import Municipality, MunicipalSpace, Organisation
from socius.procurement.clauses.models import (
    ClauseVersion,
    ContractClause,
    Obligation,
    SupplierReport,
)
from socius.procurement.models import Contract, Department, Lot
from socius.tests_support.factories import OrganisationFactory

STATUSES = ["planning", "tender", "awarded", "active", "completed", "cancelled"]


@pytest.fixture
def space(db) -> MunicipalSpace:
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
def department(space) -> Department:
    return Department.objects.create(space=space, name="Teknik og Miljø", slug="teknik-og-miljoe")


@pytest.fixture
def supplier(db) -> Organisation:
    return OrganisationFactory(
        name="Byg & Anlæg Østjylland A/S", kind=Organisation.Kind.COMPANY, cvr="25313763"
    )


@pytest.fixture
def make_contract(space, department, supplier):
    counter = iter(range(1, 10_000))

    def make(status: str = "active", **fields: Any) -> Contract:
        awarded = status in ("awarded", "active", "completed")
        values: dict[str, Any] = {
            "space": space,
            "department": department,
            "reference": f"AAR-TEST-{next(counter):03d}",
            "title": "Renovering af Frederiksbjerg Skole",
            "description": "Tag, facader og klimaskærm.",
            "cpv_code": "45000000-7",
            "kind": "works",
            "estimated_value_ore": 6_000_000_000,
            "duration_months": 18,
            "starts_on": datetime.date(2026, 3, 1),
            "ends_on": datetime.date(2027, 8, 31),
            "procedure": "open",
            "supplier": supplier if awarded else None,
            "awarded_on": datetime.date(2026, 2, 10) if awarded else None,
            "status": status,
        }
        values.update(fields)
        return Contract.objects.create(**values)

    return make


def add_lots(contract: Contract, count: int = 2) -> None:
    for number in range(1, count + 1):
        Lot.objects.create(
            contract=contract,
            number=number,
            title=f"Delaftale {number}",
            estimated_value_ore=123_456_789 + number,
            cpv_code="45210000-2",
        )


def add_clause(contract: Contract, category: str = "training", **values: Any) -> ContractClause:
    version = ClauseVersion.objects.filter(clause__category=category).order_by("-number").first()
    assert version is not None, "the clause library is seeded by a migration"
    return ContractClause.objects.create(
        contract=contract, version=version, category=category, values=values
    )


def add_obligation(
    clause: ContractClause, number: int, *, report: str | None = None, **counts: Any
) -> Obligation:
    starts = datetime.date(2026, 3, 1) + datetime.timedelta(days=200 * (number - 1))
    obligation = Obligation.objects.create(
        contract_clause=clause,
        number=number,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=180),
        due_on=starts + datetime.timedelta(days=210),
        target_trainees=6,
    )
    if report is not None:
        now = timezone.now()
        SupplierReport.objects.create(
            obligation=obligation,
            status=report,
            comment="Navnene på vores elever: Peter Hansen og Sofie Jensen",
            submitted_at=now,
            reviewed_at=now if report != "submitted" else None,
            **counts,
        )
    return obligation
