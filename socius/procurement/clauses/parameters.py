"""Clause parameters: checking a version's definitions and a buyer's values against them, and
turning a clause on a contract into reporting periods with targets. Pure functions, no
database."""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socius.core.calendar import add_months

KINDS = frozenset({"integer", "decimal", "percent", "text"})
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
INTEGER = re.compile(r"^\d{1,7}$")
DECIMAL = re.compile(r"^\d{1,7}(?:[.,]\d{1,2})?$")
MAX_TEXT = 200
MAX_PARAMETERS = 10
# Days after a period ends until its report is due.
REPORT_GRACE_DAYS = 30

# Which parameter sets which target of an obligation.
TRAINEES_PER_MILLION = "trainees_per_million"
TRAINEES_PER_YEAR = "trainees_per_year"
PERSONS = "persons"
SHARE_KEYS = ("share_of_hours", "disadvantaged_share")


def definitions_check(definitions: Any) -> list[dict[str, Any]]:
    """Check a version's parameter definitions; return them cleaned or raise."""
    if not isinstance(definitions, list) or len(definitions) > MAX_PARAMETERS:
        raise ValidationError(_("The parameters must be a list of at most 10 definitions."))
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in definitions:
        if not isinstance(item, dict):
            raise ValidationError(_("Each parameter must be described with its fields."))
        key, kind = str(item.get("key", "")), str(item.get("kind", ""))
        label = str(item.get("label", "")).strip()
        if not KEY.match(key) or key in seen:
            raise ValidationError(
                _("The parameter key %(key)s is not valid or is used twice.") % {"key": key[:40]}
            )
        if kind not in KINDS or not label or len(label) > MAX_TEXT:
            raise ValidationError(
                _("The parameter %(key)s needs a kind and a label.") % {"key": key}
            )
        seen.add(key)
        entry: dict[str, Any] = {
            "key": key,
            "label": label,
            "unit": str(item.get("unit", ""))[:40],
            "kind": kind,
            "required": bool(item.get("required", False)),
            "target": bool(item.get("target", False)),
        }
        for bound in ("min", "max"):
            if item.get(bound) is not None:
                value = item[bound]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValidationError(
                        _("The limits of the parameter %(key)s must be numbers.") % {"key": key}
                    )
                entry[bound] = value
        cleaned.append(entry)
    return cleaned


def _number(definition: dict[str, Any], raw: str) -> int | str:
    kind = definition["kind"]
    pattern = DECIMAL if kind == "decimal" else INTEGER
    if not pattern.match(raw):
        if kind == "decimal":
            raise ValidationError(
                _("Write a number with at most two decimals, for example 1,5."), code="invalid"
            )
        raise ValidationError(_("Write a whole number, for example 3."), code="invalid")
    value = Decimal(raw.replace(",", "."))
    low, high = definition.get("min"), definition.get("max")
    if kind == "percent":
        low = 0 if low is None else low
        high = 100 if high is None else high
    if low is not None and value < Decimal(str(low)):
        raise ValidationError(_("The value must be at least %(limit)s.") % {"limit": low})
    if high is not None and value > Decimal(str(high)):
        raise ValidationError(_("The value must be at most %(limit)s.") % {"limit": high})
    return str(value) if kind == "decimal" else int(value)


def values_check(definitions: list[dict[str, Any]], raw: dict[str, Any]) -> dict[str, Any]:
    """Check a buyer's values against a version's definitions.

    Returns the cleaned values (whole numbers as int, decimals as a string such as "1.5",
    text stripped); raises a ``ValidationError`` whose dict is keyed by parameter key. Keys
    the version does not define are refused, so a forged form adds nothing."""
    known = {d["key"] for d in definitions}
    unknown = sorted(str(k)[:40] for k in raw if k not in known)
    if unknown:
        raise ValidationError(
            _("Unknown parameters: %(keys)s.") % {"keys": ", ".join(unknown)}, code="unknown"
        )
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    for definition in definitions:
        key = definition["key"]
        value = raw.get(key)
        text = "" if value is None else str(value).strip()
        if not text:
            if definition.get("required"):
                errors[key] = [ValidationError(_("This value is required."), code="required")]
            continue
        try:
            if definition["kind"] == "text":
                if len(text) > MAX_TEXT or any(ord(ch) < 32 for ch in text):
                    raise ValidationError(
                        _("Write at most %(n)d characters on one line.") % {"n": MAX_TEXT}
                    )
                cleaned[key] = text
            else:
                cleaned[key] = _number(definition, text)
        except ValidationError as exc:
            errors[key] = [exc]
    targets = [d["key"] for d in definitions if d.get("target")]
    if targets and not errors and not any(k in cleaned for k in targets):
        errors[targets[0]] = [
            ValidationError(_("Set at least one of the targets."), code="no_target")
        ]
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass(frozen=True)
class Period:
    number: int
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date
    target_trainees: int | None
    target_employed: int | None
    target_share_percent: int | None
    requires_conditions: bool


def contract_span(
    *,
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    duration_months: int,
    fallback_start: datetime.date,
) -> tuple[datetime.date, datetime.date]:
    """The contract's first and last day: its dates, else its start plus its duration."""
    start = starts_on or fallback_start
    end = ends_on or (add_months(start, max(duration_months, 1)) - datetime.timedelta(days=1))
    return start, max(end, start)


def _spread(total: int, count: int) -> list[int]:
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def periods_plan(
    *,
    category: str,
    values: dict[str, Any],
    every_months: int,
    start: datetime.date,
    end: datetime.date,
    value_ore: int,
) -> list[Period]:
    """The reporting periods from ``start`` to ``end`` (every ``every_months`` months, the last
    one shorter if need be) with each period's targets."""
    bounds: list[tuple[datetime.date, datetime.date]] = []
    cursor = start
    while cursor <= end and len(bounds) < 240:
        nxt = add_months(start, every_months * (len(bounds) + 1))
        bounds.append((cursor, min(nxt - datetime.timedelta(days=1), end)))
        cursor = nxt
    count = len(bounds)
    trainees: list[int | None] = [None] * count
    if TRAINEES_PER_MILLION in values:
        per_million = Decimal(str(values[TRAINEES_PER_MILLION]))
        total = math.ceil(per_million * Decimal(value_ore) / Decimal(100_000_000))
        trainees = list(_spread(total, count))
    elif TRAINEES_PER_YEAR in values:
        per_year = Decimal(str(values[TRAINEES_PER_YEAR]))
        trainees = [
            math.ceil(per_year * Decimal((b - a).days + 1) / Decimal(365)) for a, b in bounds
        ]
    employed: list[int | None] = [None] * count
    if PERSONS in values:
        employed = list(_spread(int(values[PERSONS]), count))
    share = next((int(values[k]) for k in SHARE_KEYS if k in values), None)
    return [
        Period(
            number=i + 1,
            starts_on=a,
            ends_on=b,
            due_on=b + datetime.timedelta(days=REPORT_GRACE_DAYS),
            target_trainees=trainees[i],
            target_employed=employed[i],
            target_share_percent=share,
            requires_conditions=category == "labour",
        )
        for i, (a, b) in enumerate(bounds)
    ]
