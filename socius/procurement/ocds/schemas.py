"""The vendored OCDS 1.1.5 schemas, with the sustainability extension merged in, and the
validators that check what the platform publishes against them.

Nothing is fetched from the network: the files live in ``schema/`` beside this module (their
source, commits and licence are in ``schema/README.md``). The extension is applied as OCDS
applies extensions, by merging its ``release-schema.json`` into the core release schema as a
JSON Merge Patch (RFC 7386) when the schema is loaded; the vendored files stay unchanged.

Two engines check the same schemas: ``jsonschema`` (pure Python, in requirements.txt, the
reference) and ``jsonschema_rs`` (compiled, in requirements-dev.txt, much faster, used when
it is installed and asked for). Both check the formats the schemas use, ``date-time`` and
``uri``, so a malformed date is an error, not a silent pass.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
RELEASE_SCHEMA_URI = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
VERSIONED_RELEASE_SCHEMA_URI = (
    "https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json"
)
# Socius publishes no versioned releases and does not vendor their schema: the record package's
# reference to it resolves to a schema nothing satisfies, so one published by mistake is an
# error, and no engine ever tries the network for it.
_NOTHING: dict[str, Any] = {"not": {}}
OCDS_VERSION = "1.1"
# What a package names in "extensions": the extension's own metadata file.
SUSTAINABILITY_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_sustainability_extension/master/extension.json"
)

# RFC 3339 date-time, as OCDS requires (a time zone offset or Z is mandatory).
_DATE_TIME = re.compile(
    r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$"
)
# An absolute URI (RFC 3986): a scheme, a colon, and no spaces or control characters.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f]+$")


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: ``patch`` applied to a copy of ``target``.

    Objects merge key by key, ``null`` removes a key, anything else replaces the target's
    value (arrays are replaced whole)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@cache
def release_schema() -> dict[str, Any]:
    """The OCDS 1.1.5 release schema with the sustainability extension merged in."""
    return merge_patch(_load("release-schema.json"), _load("sustainability/release-schema.json"))


@cache
def release_package_schema() -> dict[str, Any]:
    return _load("release-package-schema.json")


@cache
def record_package_schema() -> dict[str, Any]:
    return _load("record-package-schema.json")


def _is_date_time(value: object) -> bool:
    return not isinstance(value, str) or bool(_DATE_TIME.match(value))


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(_is_date_time)
    checker.checks("uri")(_is_uri)
    return checker


@cache
def _registry() -> Registry[Any]:
    # The package schemas refer to the release schema by its canonical URI; the registry
    # answers that URI with the extended schema from disk.
    return Registry().with_resources(
        (uri, Resource.from_contents(contents, default_specification=DRAFT4))
        for uri, contents in _resources()
    )


def _resources() -> list[tuple[str, dict[str, Any]]]:
    return [(RELEASE_SCHEMA_URI, release_schema()), (VERSIONED_RELEASE_SCHEMA_URI, _NOTHING)]


def _no_network(uri: str) -> Any:
    raise LookupError(f"{uri} is not vendored; the validators never fetch schemas")


@dataclass(frozen=True)
class SchemaError:
    """One reason a document is not valid: where (a JSON path) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _path(parts: Iterable[Any]) -> str:
    return "/" + "/".join(str(part) for part in parts)


class Validator:
    """Checks releases and packages against the vendored schemas with one engine."""

    def __init__(self, *, engine: str = "jsonschema") -> None:
        if engine not in ("jsonschema", "rs"):
            raise ValueError(f"Unknown engine {engine!r}")
        self.engine = engine
        self._release = self._compile(release_schema())
        self._release_package = self._compile(release_package_schema())
        self._record_package = self._compile(record_package_schema())

    def _compile(self, schema: dict[str, Any]) -> Any:
        if self.engine == "rs":
            import jsonschema_rs  # noqa: PLC0415 - a development dependency, loaded on demand

            return jsonschema_rs.Draft4Validator(
                schema,
                validate_formats=True,
                registry=jsonschema_rs.Registry(_resources()),
                retriever=_no_network,
            )
        return jsonschema.Draft4Validator(
            schema, format_checker=_format_checker(), registry=_registry()
        )

    def _errors(self, validator: Any, instance: Any) -> list[SchemaError]:
        if self.engine == "rs":
            return [
                SchemaError(_path(error.instance_path), error.message)
                for error in validator.iter_errors(instance)
            ]
        return [
            SchemaError(_path(error.absolute_path), error.message)
            for error in validator.iter_errors(instance)
        ]

    def release_errors(self, release: dict[str, Any]) -> list[SchemaError]:
        return self._errors(self._release, release)

    def release_package_errors(self, package: dict[str, Any]) -> list[SchemaError]:
        return self._errors(self._release_package, package)

    def record_package_errors(self, package: dict[str, Any]) -> list[SchemaError]:
        return self._errors(self._record_package, package)


def fast_engine() -> str:
    """``"rs"`` when jsonschema_rs is installed (development, CI, benchmarks), else
    ``"jsonschema"``."""
    try:
        import jsonschema_rs  # noqa: F401, PLC0415
    except ImportError:
        return "jsonschema"
    return "rs"
