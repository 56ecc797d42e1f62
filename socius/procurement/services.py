"""Every write of the contracts part: one transaction each, audited, and
``contracts_changed`` sent after commit so the rule engine re-assesses."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socius.core.audit import audit_record
from socius.core.text import slug_free
from socius.procurement.audit import (
    AUDIT_CONTRACT_CREATED,
    AUDIT_CONTRACT_UPDATED,
    AUDIT_CONTRACTS_IMPORTED,
    AUDIT_DEPARTMENT_CREATED,
)
from socius.procurement.cpv import cpv_normalise
from socius.procurement.imports import ImportReport, RowProblem, rows_check
from socius.procurement.models import Contract, Department
from socius.procurement.signals import contracts_changed

if TYPE_CHECKING:
    from socius.core.models import MunicipalSpace

CONTRACT_FIELDS = {
    "department",
    "reference",
    "title",
    "description",
    "cpv_code",
    "kind",
    "estimated_value_ore",
    "performed_in_denmark",
    "duration_months",
    "starts_on",
    "ends_on",
    "procedure",
    "supplier",
    "awarded_on",
    "status",
    # Instead of "supplier": the supplier by CVR number, added with this name when unknown.
    "supplier_cvr",
    "supplier_name",
}


def _supplier_resolve(fields: dict[str, Any]) -> None:
    """Replace ``supplier_cvr``/``supplier_name`` by the organisation (made when unknown)."""
    if "supplier_cvr" in fields:
        cvr, name = fields.pop("supplier_cvr"), fields.pop("supplier_name", "")
        fields["supplier"] = _supplier_for(cvr, name)
    else:
        fields.pop("supplier_name", None)


def _send_changed(ids: list[int]) -> None:
    transaction.on_commit(lambda: contracts_changed.send(sender=Contract, contract_ids=ids))


def department_create(*, actor: Any, space: MunicipalSpace, name: str) -> Department:
    """A buying department; its address is made from the name and kept unique per space."""
    base = slugify(name)[:70] or "afdeling"
    with transaction.atomic():
        slug = slug_free(
            base, lambda slug: Department.objects.filter(space=space, slug=slug).exists()
        )
        department = Department.objects.create(space=space, name=name.strip(), slug=slug)
        audit_record(actor=actor, action=AUDIT_DEPARTMENT_CREATED, target=department)
    return department


def _check(contract: Contract) -> None:
    """Invariants a form or an import may not skip."""
    contract.cpv_code = cpv_normalise(contract.cpv_code)
    if contract.estimated_value_ore < 0:
        raise ValidationError(_("The value cannot be negative."))
    if contract.department.space_id != contract.space_id:
        raise ValidationError(_("Choose a department of this municipality."))
    dates_disagree = (
        contract.starts_on and contract.ends_on and contract.ends_on < contract.starts_on
    )
    if dates_disagree:
        raise ValidationError(_("The contract cannot end before it starts."))
    duplicate = Contract.objects.filter(space_id=contract.space_id, reference=contract.reference)
    if duplicate.exclude(pk=contract.pk).exists():
        raise ValidationError(_("Another contract already has this reference."))


def contract_create(*, actor: Any, space: MunicipalSpace, **fields: Any) -> Contract:
    """A new contract of ``space``."""
    unknown = set(fields) - CONTRACT_FIELDS
    if unknown:
        raise TypeError(f"Unknown contract fields: {sorted(unknown)}")
    with transaction.atomic():
        _supplier_resolve(fields)
        contract = Contract(space=space, created_by=actor if actor else None, **fields)
        _check(contract)
        contract.save()
        audit_record(
            actor=actor,
            action=AUDIT_CONTRACT_CREATED,
            target=contract,
            data={"reference": contract.reference},
        )
        _send_changed([contract.pk])
    return contract


def contract_update(*, actor: Any, contract: Contract, **fields: Any) -> Contract:
    """Change a contract's facts; the audit entry names the fields changed."""
    unknown = set(fields) - CONTRACT_FIELDS
    if unknown:
        raise TypeError(f"Unknown contract fields: {sorted(unknown)}")
    with transaction.atomic():
        _supplier_resolve(fields)
        changed = [k for k, v in fields.items() if getattr(contract, k) != v]
        for key, value in fields.items():
            setattr(contract, key, value)
        _check(contract)
        contract.save()
        audit_record(
            actor=actor, action=AUDIT_CONTRACT_UPDATED, target=contract, data={"fields": changed}
        )
        _send_changed([contract.pk])
    return contract


def contracts_import(
    *,
    actor: Any,
    space: MunicipalSpace,
    rows: Iterable[dict[str, str]],
    progress: Callable[[int, int], object] | None = None,
    today: datetime.date | None = None,
) -> ImportReport:
    """Import contract rows (``imports.csv_rows``) all or nothing.

    Every row is checked first; when any row is refused, nothing is saved and the report
    lists each refused row with its line number and reason. Suppliers are matched by CVR to
    an existing organisation or created."""
    rows = list(rows)
    checked, problems = rows_check(space=space, rows=rows)
    if problems:
        return ImportReport(created=0, problems=problems)
    created: list[int] = []
    with transaction.atomic():
        for i, (line, fields) in enumerate(checked, start=1):
            supplier = _supplier_for(fields.pop("supplier_cvr"), fields.pop("supplier_name"))
            contract = Contract(space=space, created_by=actor, supplier=supplier, **fields)
            try:
                _check(contract)
            except ValidationError as exc:
                transaction.set_rollback(True)
                reason = "; ".join(exc.messages)
                return ImportReport(created=0, problems=[RowProblem(line, reason)])
            contract.save()
            created.append(contract.pk)
            if progress is not None:
                progress(i, len(checked))
        audit_record(
            actor=actor,
            action=AUDIT_CONTRACTS_IMPORTED,
            target=None,
            data={"space": space.slug, "count": len(created)},
        )
        _send_changed(created)
    return ImportReport(created=len(created), problems=[])


def _supplier_for(cvr: str, name: str) -> Any:
    from socius.core.models import Organisation

    if not cvr:
        return None
    found = Organisation.objects.filter(cvr=cvr).first()
    if found is not None:
        return found
    base = slugify(name)[:200] or f"cvr-{cvr}"
    slug = slug_free(base, lambda slug: Organisation.objects.filter(slug=slug).exists())
    return Organisation.objects.create(
        name=(name or cvr)[:200], cvr=cvr, slug=slug, kind=Organisation.Kind.COMPANY
    )
