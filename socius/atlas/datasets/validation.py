"""Table Schema inference and validation with frictionless, offline and with Danish messages.

Threat model (see also ``upload.py``). frictionless can fetch descriptors, schemas,
dialects, profiles and data from the internet, and reads any path it is given, absolute or
with ``..``. Here it never receives a descriptor or a path from the uploader: only a file in
our temporary (or media) folder under a name we chose, with ``basepath`` set to that folder,
and a schema dictionary that ``schema_clean`` has rebuilt from allowed keys (no references,
no ``pattern`` constraints, no foreign keys). Every call runs inside ``offline()``:
``trusted=False`` and an HTTP session that refuses every request, so a path we overlooked
still cannot reach the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socius.atlas.datasets import scans

MAX_ERRORS = 20
MAX_FIELDS = 500
INFER_ROWS = 1000

FIELD_TYPES = (
    "string",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "time",
    "year",
    "yearmonth",
    "duration",
    "any",
)
_FIELD_KEYS = frozenset(
    {
        "name",
        "title",
        "description",
        "type",
        "format",
        "trueValues",
        "falseValues",
        "decimalChar",
        "groupChar",
        "bareNumber",
        "missingValues",
        scans.COUNTS_PEOPLE,
    }
)
_CONSTRAINTS = frozenset(
    {"required", "unique", "minimum", "maximum", "minLength", "maxLength", "enum"}
)


class _RefusingSession:
    """An HTTP session for frictionless that refuses every request."""

    headers: dict[str, str] = {}

    def request(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("datasets are validated offline")

    get = head = post = request

    def mount(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextmanager
def offline() -> Iterator[None]:
    """frictionless without network and without trust (see the module's threat model)."""
    from frictionless import system

    with system.use_context(trusted=False, http_session=_RefusingSession()):
        yield


def type_label(name: str) -> str:
    labels = {
        "string": _("text"),
        "integer": _("whole number"),
        "number": _("number"),
        "boolean": _("yes/no"),
        "date": _("date"),
        "datetime": _("date and time"),
        "time": _("time"),
        "year": _("year"),
        "yearmonth": _("year and month"),
        "duration": _("duration"),
        "any": _("any value"),
    }
    return labels.get(name, name)


def schema_clean(schema: dict[str, Any], *, label: str) -> dict[str, Any]:
    """A Table Schema rebuilt from allowed keys only; refuses what would reach outside the
    file or run unbounded (see the module's threat model)."""
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        raise ValidationError(_("%(file)s: the Table Schema has no fields.") % {"file": label})
    if len(fields) > MAX_FIELDS:
        raise ValidationError(
            _("%(file)s: the Table Schema has too many fields.") % {"file": label}
        )
    clean_fields = [_field_clean(f, label) for f in fields]
    clean: dict[str, Any] = {"fields": clean_fields}
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        raise ValidationError(
            _("%(file)s: “missingValues” must be a list of texts.") % {"file": label}
        )
    clean["missingValues"] = missing[:20]
    primary = schema.get("primaryKey")
    if isinstance(primary, str | list):
        clean["primaryKey"] = primary
    return clean


def _field_clean(raw: Any, label: str) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ValidationError(_("%(file)s: every field needs a name.") % {"file": label})
    field = {k: v for k, v in raw.items() if k in _FIELD_KEYS}
    field.setdefault("type", "string")
    if field["type"] not in FIELD_TYPES:
        raise ValidationError(
            _("%(file)s: the field “%(field)s” has an unknown type “%(type)s”.")
            % {"file": label, "field": field["name"], "type": str(field["type"])[:40]}
        )
    constraints = raw.get("constraints")
    if isinstance(constraints, dict):
        if "pattern" in constraints:
            raise ValidationError(
                _("%(file)s: pattern constraints (field “%(field)s”) are not supported.")
                % {"file": label, "field": field["name"]}
            )
        kept = {k: v for k, v in constraints.items() if k in _CONSTRAINTS}
        if kept:
            field["constraints"] = kept
    return field


def _resource(path: Path, *, delimiter: str, encoding: str, schema: Any = None) -> Any:
    from frictionless import Detector, Resource
    from frictionless.formats import CsvControl

    options: dict[str, Any] = {}
    if schema is not None:
        options["schema"] = schema
    else:
        options["detector"] = Detector(
            field_missing_values=["", ".."], sample_size=INFER_ROWS, field_float_numbers=False
        )
    return Resource(
        path=path.name,
        basepath=str(path.parent),
        format="csv",
        encoding=encoding,
        control=CsvControl(delimiter=delimiter),
        **options,
    )


def schema_infer(path: Path, *, delimiter: str, encoding: str) -> dict[str, Any]:
    """frictionless's guess of the file's Table Schema (types from the first rows)."""
    from frictionless import FrictionlessException

    with offline():
        try:
            resource = _resource(path, delimiter=delimiter, encoding=encoding)
            resource.infer()
            descriptor: dict[str, Any] = resource.schema.to_descriptor()
        except FrictionlessException:
            raise ValidationError(
                _("%(file)s cannot be read as a CSV table.") % {"file": path.name}
            ) from None
    return schema_clean(descriptor, label=path.name)


def validate_csv(
    path: Path, *, schema: dict[str, Any], delimiter: str, encoding: str, label: str
) -> list[str]:
    """Every way the file breaks its schema, as plain messages (at most ``MAX_ERRORS``)."""
    from frictionless import FrictionlessException, Schema

    with offline():
        try:
            table_schema = Schema.from_descriptor(schema)
        except FrictionlessException:
            return [_("%(file)s: the Table Schema is not valid.") % {"file": label}]
        try:
            resource = _resource(path, delimiter=delimiter, encoding=encoding, schema=table_schema)
            report = resource.validate(limit_errors=MAX_ERRORS)
        except FrictionlessException:
            return [_("%(file)s cannot be read as a CSV table.") % {"file": label}]
    errors = report.tasks[0].errors if report.tasks else report.errors
    types = {f["name"]: f.get("type", "string") for f in schema.get("fields", [])}
    return [error_message(e, label, types) for e in errors[:MAX_ERRORS]]


def error_message(error: Any, label: str, types: dict[str, str]) -> str:
    """A frictionless error in plain words, naming the file, row and column."""
    column = getattr(error, "field_name", "") or ""
    row = getattr(error, "row_number", None)
    cell = str(getattr(error, "cell", "") or "")[:40]
    values = {"file": label, "row": row, "column": column, "value": cell}
    kind = error.type
    if kind == "type-error":
        values["type"] = type_label(types.get(column, ""))
        return (
            _(
                "%(file)s, row %(row)s, column “%(column)s”: “%(value)s” does not fit the type “%(type)s”."
            )
            % values
        )
    if kind == "constraint-error":
        return (
            _("%(file)s, row %(row)s, column “%(column)s”: the value breaks a rule of the schema.")
            % values
        )
    if kind in ("unique-error", "primary-key"):
        return _("%(file)s, row %(row)s, column “%(column)s”: the value is not unique.") % values
    if kind == "missing-cell":
        return _("%(file)s, row %(row)s: the cell for column “%(column)s” is missing.") % values
    if kind == "extra-cell":
        return _("%(file)s, row %(row)s has more cells than the header has columns.") % values
    if kind == "blank-row":
        return _("%(file)s, row %(row)s is empty.") % values
    if kind in (
        "incorrect-label",
        "missing-label",
        "extra-label",
        "blank-label",
        "duplicate-label",
    ):
        values["label"] = str(getattr(error, "label", "") or "")[:60]
        return (
            _(
                "%(file)s: the header does not match the schema (column “%(label)s” in the file, "
                "“%(column)s” in the schema)."
            )
            % values
        )
    return _("%(file)s: the file does not match its schema (%(kind)s).") % {
        "file": label,
        "kind": kind,
    }
