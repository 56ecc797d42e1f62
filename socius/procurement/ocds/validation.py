"""Validating what the platform publishes: every release, every record and the packages'
envelopes, against the vendored schemas (``schemas.py``).

The packages are streamed, so they are checked as the package schemas define them without
holding them whole: the envelope (the package with an empty list) against the package
schema, and each release or record against the schema of one item of that list. The tests
check, on small packages, that this gives the same answer as validating the whole package
at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone

from socius.core.models import MunicipalSpace
from socius.procurement.ocds import builder, packages, selectors
from socius.procurement.ocds.schemas import SchemaError, Validator


@dataclass
class ValidationReport:
    releases: int = 0
    records: int = 0
    errors: list[SchemaError] = field(default_factory=list)


def _record_envelope(space: MunicipalSpace, record: dict[str, Any]) -> dict[str, Any]:
    envelope = packages.package_envelope(space, settings.SITE_URL + "/", timezone.now())
    envelope["packages"] = [settings.SITE_URL + "/"]
    envelope["records"] = [record]
    return envelope


def _prefixed(prefix: str, errors: list[SchemaError]) -> list[SchemaError]:
    return [SchemaError(prefix + e.path, e.message) for e in errors]


def validate_space(
    *,
    space: MunicipalSpace,
    year: int | None = None,
    engine: str = "jsonschema",
    progress: Callable[[int], Any] | None = None,
) -> ValidationReport:
    """Build and check the space's releases and records (one year, or all)."""
    validator = Validator(engine=engine)
    report = ValidationReport()
    envelope = packages.package_envelope(space, settings.SITE_URL + "/", timezone.now())
    report.errors += validator.release_package_errors({**envelope, "releases": []})
    contracts = selectors.contracts_for_data(space=space, year=year)
    facts = selectors.contract_facts_iter(contracts)
    for index, release in enumerate(packages.releases(facts, space)):
        report.errors += _prefixed(f"/releases/{index}", validator.release_errors(release))
        record = builder.record_for(release, package_url=settings.SITE_URL + "/")
        # One record in a record package: the package schema's Record definition, with the
        # envelope's own rules (at least one record) met.
        errors = validator.record_package_errors(_record_envelope(space, record))
        report.errors += _prefixed(f"/records/{index}", _strip(errors, "/records/0"))
        report.releases += 1
        report.records += 1
        if progress is not None:
            progress(1)
    return report


def _strip(errors: list[SchemaError], prefix: str) -> list[SchemaError]:
    return [SchemaError(e.path.removeprefix(prefix), e.message) for e in errors]
