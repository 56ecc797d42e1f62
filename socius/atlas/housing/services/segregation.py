"""The import of a municipality's income quintile counts per area (area level only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socius.atlas.housing import audit
from socius.atlas.housing.income_csv import IncomeFileError, income_file_read
from socius.atlas.housing.models import IncomeArea, IncomeImport
from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.models import Municipality


@transaction.atomic
def income_import(
    *,
    actor: User,
    municipality: Municipality,
    year: int,
    source: str,
    data: bytes,
    is_demo: bool = False,
) -> IncomeImport:
    """Read ``data`` (income_csv.py) and store its accepted rows as the municipality's figures
    for ``year``, replacing an earlier import of that year, in one transaction. Refused lines
    are kept on the import for the report; a file with no usable row stores nothing."""
    require(actor, Capability.HOUSING_MANAGE)
    try:
        parsed = income_file_read(data)
    except IncomeFileError as exc:
        raise ValidationError({"file": exc.message}) from exc
    if not parsed.rows:
        raise ValidationError(
            {"file": _("No line of the file could be used. See the format described below.")}
        )
    replaced = IncomeImport.objects.filter(municipality=municipality, year=year).delete()[0] > 0
    record = IncomeImport(
        municipality=municipality,
        year=year,
        source=source.strip(),
        imported_by=actor,
        is_demo=is_demo,
        rows_accepted=len(parsed.rows),
        refused=[{"line": line, "reason": reason} for line, reason in parsed.refused],
    )
    record.full_clean()
    record.save()
    IncomeArea.objects.bulk_create(
        IncomeArea(
            income_import=record,
            code=row.code,
            name=row.name,
            lowest=row.lowest,
            highest=row.highest,
            residents=row.residents,
        )
        for row in parsed.rows
    )
    audit_record(
        actor=actor,
        action=audit.AUDIT_INCOME_IMPORTED,
        target=record,
        data={
            "municipality": municipality.code,
            "year": year,
            "accepted": len(parsed.rows),
            "refused": len(parsed.refused),
            "replaced": replaced,
        },
    )
    return record
