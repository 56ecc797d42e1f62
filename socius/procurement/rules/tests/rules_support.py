"""Helpers for the rules' tests: a municipality, a department and contracts with given facts."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from socius.procurement.models import Contract, Department

_numbers = itertools.count(1)
MIO = 1_000_000_00  # one million kroner in øre


def space_get() -> Any:
    """The municipality's space (Aarhus, made if the test database has none)."""
    from socius.core.models import Municipality, MunicipalSpace

    found = MunicipalSpace.objects.filter(slug="aarhus").first()
    if found is not None:
        return found
    municipality = Municipality.objects.get(code="751")
    return MunicipalSpace.objects.create(
        municipality=municipality,
        slug="aarhus",
        authority="Aarhus Kommune",
        contact_email="kontakt@aarhus.example",
    )


def department_get(space: Any = None) -> Department:
    space = space or space_get()
    found, _created = Department.objects.get_or_create(
        space=space, slug="teknik", defaults={"name": "Teknik og Miljø"}
    )
    return found


def contract_make(**facts: Any) -> Contract:
    """A contract; by default a service contract in Denmark of 5 mio. kr over 6 months,
    awarded on 1 March 2026 (so the § 176, stk. 2 services rule requires a training clause)."""
    department = facts.pop("department", None) or department_get(facts.pop("space", None))
    number = next(_numbers)
    fields: dict[str, Any] = {
        "space": department.space,
        "department": department,
        "reference": f"TEST-{number:05d}",
        "title": f"Testkontrakt {number}",
        "cpv_code": "90910000-9",
        "kind": Contract.Kind.SERVICES,
        "estimated_value_ore": 5 * MIO,
        "performed_in_denmark": True,
        "duration_months": 6,
        "procedure": Contract.Procedure.OPEN,
        "awarded_on": datetime.date(2026, 3, 1),
        "status": Contract.Status.AWARDED,
    }
    fields.update(facts)
    return Contract.objects.create(**fields)
