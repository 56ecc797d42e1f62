"""Danish demo content for procurement's contracts (idempotent): Aarhus' buying departments,
three made-up suppliers, the buyer Ida Indkøber, the supplier contact Lars Leverandør and ten
contracts "AAR-2026-001" to "AAR-2026-010" around the thresholds of udbudsloven § 176, stk. 2
(the rules and clauses demo content finds them by reference)."""

from __future__ import annotations

import datetime
from typing import Any

from socius.core import services as core_services
from socius.core.demo import DemoAccount, _account, demo_staff
from socius.core.models import MunicipalSpace, Organisation
from socius.core.models.organisations import Membership
from socius.core.roles import Role
from socius.procurement import services
from socius.procurement.models import Contract, ContractImport, Department

DEPARTMENTS = [
    "Teknik og Miljø",
    "Sociale Forhold og Beskæftigelse",
    "Børn og Unge",
    "Kultur og Borgerservice",
]
SUPPLIERS = [
    ("Byg & Anlæg Østjylland A/S (demo)", "30000005"),
    ("Rent Hus Aarhus ApS (demo)", "30000013"),
    ("Nordic Care Services A/S (demo)", "30000021"),
]
MIO = 100_000_000  # one million kroner in øre

# reference suffix, title, department, CPV, value in øre, months, in Denmark, supplier, procedure
CONTRACTS: list[tuple[str, str, int, str, int, int, bool, int | None, str]] = [
    ("001", "Ny skole i Lisbjerg", 0, "45210000-2", 60 * MIO, 18, True, 0, "open"),
    ("002", "Hjemmehjælp, praktisk hjælp", 1, "98000000-3", 5 * MIO, 6, True, 2, "light_regime"),
    ("003", "Vedligehold af grønne områder", 0, "77314000-4", 4_999_999_00, 6, True, None, "open"),
    ("004", "It-drift af borgerservice", 3, "72000000-5", 8 * MIO, 12, False, None, "restricted"),
    (
        "005",
        "Rengøring af kontorer (reserveret kontrakt)",
        1,
        "90919200-4",
        3 * MIO,
        24,
        True,
        1,
        "open",
    ),
    ("006", "Rengøring af skoler", 2, "90919300-5", 12 * MIO, 36, True, 1, "open"),
    ("007", "Vagtservice på rådhuset", 3, "79713000-5", 2 * MIO, 24, True, None, "below_threshold"),
    ("008", "Renovering af daginstitution", 2, "45400000-1", 9 * MIO, 10, True, 0, "open"),
    (
        "009",
        "Personbiler til hjemmeplejen",
        1,
        "34110000-1",
        6 * MIO,
        1,
        True,
        None,
        "framework_call_off",
    ),
    ("010", "Gadefejning i midtbyen", 0, "90611000-3", 15 * MIO, 48, True, None, "planning"),
]


def _supplier(name: str, cvr: str) -> Organisation:
    found = Organisation.objects.filter(cvr=cvr).first()
    if found is not None:
        return found
    from django.utils.text import slugify

    return Organisation.objects.create(
        name=name, slug=slugify(name)[:200], cvr=cvr, kind=Organisation.Kind.COMPANY
    )


def _contact(supplier: Organisation) -> Any:
    user, _created = _account(
        DemoAccount("leverandoer@socius.example", "Lars Leverandør", Role.CITIZEN)
    )
    if not user.role_assignments.filter(role=Role.CITIZEN).exists():
        core_services.role_grant(actor=user, user=user, role=Role.CITIZEN)
    Membership.objects.get_or_create(
        organisation=supplier, user=user, defaults={"role": Membership.Role.CONTACT}
    )
    return user


def demo_seed() -> list[str]:
    space = MunicipalSpace.objects.filter(slug="aarhus").first()
    if space is None:
        return []
    fresh = not Contract.objects.filter(space=space, reference__startswith="AAR-2026-").exists()
    buyer = demo_staff("indkoeber@socius.example", "Ida Indkøber", Role.BUYER)
    departments = []
    for name in DEPARTMENTS:
        found = Department.objects.filter(space=space, name=name).first()
        departments.append(found or services.department_create(actor=buyer, space=space, name=name))
    suppliers = [_supplier(name, cvr) for name, cvr in SUPPLIERS]
    # Lars answers for two suppliers: the builder and the cleaning company.
    _contact(suppliers[0])
    _contact(suppliers[1])
    start = datetime.date(2026, 3, 1)
    for suffix, title, dep, cpv, value, months, in_dk, sup, procedure in CONTRACTS:
        reference = f"AAR-2026-{suffix}"
        if Contract.objects.filter(space=space, reference=reference).exists():
            continue
        status = Contract.Status.PLANNING if procedure == "planning" else Contract.Status.ACTIVE
        services.contract_create(
            actor=buyer,
            space=space,
            reference=reference,
            title=title,
            department=departments[dep],
            cpv_code=cpv,
            kind=_kind(cpv),
            estimated_value_ore=value,
            performed_in_denmark=in_dk,
            duration_months=months,
            starts_on=start,
            procedure="open" if procedure == "planning" else procedure,
            supplier=suppliers[sup] if sup is not None else None,
            status=status,
            awarded_on=datetime.date(2026, 1, 15) if status == Contract.Status.ACTIVE else None,
        )
    _demo_import(space, buyer)
    if not fresh:
        return []
    return [
        "Procurement: buyer indkoeber@socius.example, supplier contact "
        "leverandoer@socius.example; contracts AAR-2026-001 to AAR-2026-012 in Aarhus (two from a CSV import)."
    ]


DEMO_IMPORT = (
    "reference;title;department;cpv;value;duration_months;in_denmark;starts_on;ends_on;status\n"
    "AAR-2026-011;Tolkebistand;Sociale Forhold og Beskæftigelse;79540000-1;2,5 mio.;24;ja;"
    "01-04-2026;31-03-2028;planning\n"
    "AAR-2026-012;Madservice til ældre;Sociale Forhold og Beskæftigelse;55521100-9;"
    "7.500.000;36;ja;;;planning\n"
)


def _demo_import(space: MunicipalSpace, buyer: Any) -> None:
    """One finished CSV import, so the buyer's import page lists a past import."""
    from socius.procurement.tasks import contract_import_run

    if ContractImport.objects.filter(space=space).exists():
        return
    job = ContractImport.objects.create(
        space=space, file_name="kontrakter-2026.csv", text=DEMO_IMPORT, created_by=buyer
    )
    contract_import_run.call(import_id=job.pk)


def _kind(code: str) -> str:
    from socius.procurement.cpv import cpv_kind

    return cpv_kind(code)
