"""Test data the programme's tests share."""

from __future__ import annotations

import datetime
from typing import Any

from socius.procurement.clauses.models import ContractClause
from socius.procurement.clauses.selectors import clause_version_for_category
from socius.procurement.models import Contract, Department


def contract_with_clause(space: Any, category: str, title: str = "Rengøring af kontorer") -> Any:
    """An active contract of ``space`` with one social clause of ``category``."""
    department, _ = Department.objects.get_or_create(
        space=space, slug="sociale-forhold", defaults={"name": "Sociale Forhold"}
    )
    contract = Contract.objects.create(
        space=space,
        department=department,
        reference=f"AAR-{Contract.objects.count() + 1:03d}",
        title=title,
        cpv_code="90919200-4",
        kind=Contract.Kind.SERVICES,
        estimated_value_ore=300_000_000,
        duration_months=24,
        starts_on=datetime.date(2026, 2, 1),
        procedure=Contract.Procedure.OPEN,
        status=Contract.Status.ACTIVE,
    )
    version = clause_version_for_category(category=category)
    assert version is not None
    ContractClause.objects.create(contract=contract, version=version, category=category)
    return contract
