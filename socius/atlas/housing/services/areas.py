"""Writes for housing areas: rule sets, areas, a year's figures (with the statuses they give),
initiatives and their outcome measures. Every write needs ``housing.manage``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socius.atlas.housing import audit
from socius.atlas.housing.evaluation import rule_sets_by_year, years_evaluate
from socius.atlas.housing.models import (
    AreaYear,
    HousingArea,
    Initiative,
    OutcomeMeasure,
    RuleSet,
)
from socius.atlas.housing.rules import RuleSetError, rule_set_parse
from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.core.text import danish_slugify

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.atlas.models import Indicator
    from socius.core.models import Municipality

AREA_FIELDS = ("name", "municipality", "housing_organisation", "departments", "description")
YEAR_FIELDS = (
    "residents",
    "outside_work_pct",
    "convicted_pct",
    "national_convicted_pct",
    "basic_schooling_pct",
    "income_pct_of_region",
    "non_western_pct",
    "source_note",
)


def area_status_recompute(area: HousingArea) -> dict[int, str]:
    """Store each year's status from the figures and the rule sets; returns the changes
    (year -> new status). Part of the caller's transaction; writes only rows that change."""
    rows = list(AreaYear.objects.filter(area=area).order_by("year"))
    results = years_evaluate(rows, rule_sets_by_year())
    changed: dict[int, str] = {}
    for row in rows:
        result = results.get(row.year)
        status = result.status.value if result is not None else ""
        if row.status != status:
            row.status = status
            row.save(update_fields=["status", "updated_at"])
            changed[row.year] = status
    return changed


@transaction.atomic
def rule_sets_load(*, actor: User | None, entries: list[dict[str, Any]]) -> list[int]:
    """Create or replace the rule sets ``entries`` (the rules file), then recompute every
    area's statuses. ``actor`` None is the platform itself (the management command)."""
    if actor is not None:
        require(actor, Capability.HOUSING_MANAGE)
    changed: list[int] = []
    for entry in entries:
        try:
            parsed = rule_set_parse(entry)
        except RuleSetError as exc:
            raise ValidationError(str(exc)) from exc
        row = RuleSet.objects.filter(year=parsed.year).first()
        fields = {
            "definition": entry,
            "legal_reference": str(entry.get("legal_reference", ""))[:500],
            "source_url": str(entry.get("source_url", ""))[:500],
            "verification_note": str(entry.get("verify", "")),
        }
        if row is None:
            RuleSet.objects.create(year=parsed.year, **fields)
            changed.append(parsed.year)
        elif any(getattr(row, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(row, key, value)
            row.full_clean()
            row.save(update_fields=[*fields, "updated_at"])
            changed.append(parsed.year)
    if changed:
        for area in HousingArea.objects.filter(years__year__gte=min(changed)).distinct():
            area_status_recompute(area)
        audit_record(actor=actor, action=audit.AUDIT_RULES_LOADED, data={"years": changed})
    return changed


def _unique_slug(name: str) -> str:
    base = danish_slugify(name)[:200] or "omraade"
    slug, n = base, 2
    while HousingArea.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def area_create(
    *,
    actor: User,
    name: str,
    municipality: Municipality,
    housing_organisation: str,
    departments: str = "",
    description: str = "",
    is_demo: bool = False,
) -> HousingArea:
    """A new housing area (its figures follow, year by year)."""
    require(actor, Capability.HOUSING_MANAGE)
    area = HousingArea(
        name=name.strip(),
        slug=_unique_slug(name),
        municipality=municipality,
        housing_organisation=housing_organisation.strip(),
        departments=departments.strip(),
        description=description.strip(),
        is_demo=is_demo,
    )
    area.full_clean()
    area.save()
    audit_record(actor=actor, action=audit.AUDIT_AREA_CREATED, target=area, data={"name": name})
    return area


@transaction.atomic
def area_update(*, actor: User, area: HousingArea, **changes: Any) -> HousingArea:
    """Change an area's name, municipality, housing organisation, departments or description."""
    require(actor, Capability.HOUSING_MANAGE)
    unknown = set(changes) - set(AREA_FIELDS)
    if unknown:
        raise TypeError(f"area_update cannot change {sorted(unknown)}")
    changed = [k for k, v in changes.items() if getattr(area, k) != v]
    for key in changed:
        value = changes[key]
        setattr(area, key, value.strip() if isinstance(value, str) else value)
    area.full_clean()
    if changed:
        area.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor, action=audit.AUDIT_AREA_UPDATED, target=area, data={"fields": changed}
        )
    return area


@transaction.atomic
def area_year_save(
    *, actor: User, area: HousingArea, year: int, **values: Any
) -> tuple[AreaYear, dict[int, str]]:
    """Enter or correct one year's figures; returns the row and the statuses that changed
    (this year's and later years', whose omdannelse run may depend on it)."""
    require(actor, Capability.HOUSING_MANAGE)
    required = set(YEAR_FIELDS) - {"source_note"}
    if not required <= set(values) or set(values) - set(YEAR_FIELDS):
        raise TypeError("area_year_save needs every figure, and nothing else")
    row = AreaYear.objects.filter(area=area, year=year).first() or AreaYear(area=area, year=year)
    before = {k: getattr(row, k, None) for k in YEAR_FIELDS} if row.pk else {}
    for key, value in values.items():
        setattr(row, key, value)
    row.full_clean(exclude=["status"])
    if row.national_convicted_pct is not None and row.national_convicted_pct <= 0:
        raise ValidationError(
            {"national_convicted_pct": _("The national share must be above 0 %.")}
        )
    row.save()
    changes = area_status_recompute(area)
    row.refresh_from_db(fields=["status"])
    audit_record(
        actor=actor,
        action=audit.AUDIT_AREA_YEAR_SAVED,
        target=area,
        data={
            "year": year,
            "fields": sorted(k for k in YEAR_FIELDS if before.get(k) != getattr(row, k)),
            "statuses": changes,
        },
    )
    return row, changes


INITIATIVE_FIELDS = ("kind", "title", "description", "budget", "starts_on", "ends_on", "outcome")


@transaction.atomic
def initiative_save(
    *,
    actor: User,
    area: HousingArea,
    initiative: Initiative | None = None,
    **fields: Any,
) -> Initiative:
    """Create an initiative in ``area``, or change ``initiative`` (which must be in it)."""
    require(actor, Capability.HOUSING_MANAGE)
    if set(fields) - set(INITIATIVE_FIELDS):
        raise TypeError("unknown initiative fields")
    if initiative is not None and initiative.area_id != area.pk:
        raise ValidationError(_("The initiative belongs to another area."))
    item = initiative or Initiative(area=area)
    for key, value in fields.items():
        setattr(item, key, value.strip() if isinstance(value, str) else value)
    if item.budget is not None:
        item.budget = Decimal(item.budget).quantize(Decimal("0.01"))
    if item.ends_on and item.starts_on and item.ends_on < item.starts_on:
        raise ValidationError({"ends_on": _("The initiative must end after it starts.")})
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_INITIATIVE_SAVED,
        target=item,
        data={"area": area.slug, "new": initiative is None},
    )
    return item


@transaction.atomic
def initiative_delete(*, actor: User, initiative: Initiative) -> None:
    require(actor, Capability.HOUSING_MANAGE)
    audit_record(
        actor=actor,
        action=audit.AUDIT_INITIATIVE_DELETED,
        target=initiative,
        data={"title": initiative.title, "area": initiative.area.slug},
    )
    initiative.delete()


@transaction.atomic
def measure_add(
    *,
    actor: User,
    initiative: Initiative,
    indicator: Indicator,
    baseline: Decimal,
    target: Decimal,
    note: str = "",
) -> OutcomeMeasure:
    """Tie an initiative to an atlas indicator with a baseline and a target."""
    require(actor, Capability.HOUSING_MANAGE)
    measure = OutcomeMeasure(
        initiative=initiative,
        indicator=indicator,
        baseline=baseline,
        target=target,
        note=note.strip(),
    )
    measure.full_clean()
    measure.save()
    audit_record(
        actor=actor,
        action=audit.AUDIT_MEASURE_ADDED,
        target=initiative,
        data={"indicator": indicator.code},
    )
    return measure


@transaction.atomic
def measure_delete(*, actor: User, measure: OutcomeMeasure) -> None:
    require(actor, Capability.HOUSING_MANAGE)
    audit_record(
        actor=actor,
        action=audit.AUDIT_MEASURE_DELETED,
        target=measure.initiative,
        data={"indicator": measure.indicator.code},
    )
    measure.delete()
