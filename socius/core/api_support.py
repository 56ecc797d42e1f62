"""Pieces every module's JSON API uses: bounded paging, the slug check before the database, the
shared error answers and the enum of a registry.

The OpenAPI document must say everything the API answers (``socius/core/tests/test_api_schema.py``
runs schema-based property tests against it): each operation declares its statuses with
``responses(Out, 404, 422)``, every error body has one of the two shapes below, and a parameter
whose values come from a registry declares them with ``OneOf``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

# An offset past this is past any list here; without a bound, a huge offset overflows the
# database's integer (a 500 on SQLite) instead of answering 422.
MAX_OFFSET = 1_000_000

_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset paging (limit 1-100) with the offset bounded."""

    class Input(LimitOffsetPagination.Input):
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def slug_or_404(slug: str, max_length: int) -> str:
    """``slug`` if it can name a SlugField value of ``max_length``; otherwise 404, before any
    query (a NUL byte is an error in PostgreSQL, not a miss)."""
    if len(slug) > max_length or not _SLUG.fullmatch(slug):
        raise Http404
    return slug


def query_text(value: str | None) -> str:
    """A free-text filter as the selectors take it: NUL bytes (which no stored text holds, and
    which PostgreSQL refuses in a query) become spaces, and the ends are stripped as a form
    does. Any string is a valid filter; one that matches nothing gives an empty list."""
    return (value or "").replace("\x00", " ").strip()


class ErrorOut(Schema):
    """The answer to a request the API refuses with a message: 400 for a JSON body that does not
    parse, 401 without a session, 404 for an unknown or non-public object
    ({"detail": "Not Found"})."""

    detail: str


class ValidationErrorItemOut(Schema):
    """One reason a parameter was refused: where (for example ["query", "limit"]), a
    machine-readable type and a message. Some carry a ctx with the limit that was crossed."""

    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """The answer 422: the request's parameters do not have the shape the document declares."""

    detail: list[ValidationErrorItemOut]


_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def responses(ok: Any, *errors: int) -> dict[int, Any]:
    """An operation's ``response=``: ``ok`` for 200 and the shared error shape for each status
    in ``errors`` (400, 401, 404 or 422), so the OpenAPI document lists every answer the operation
    gives."""
    return {200: ok, **{status: _ERRORS[status] for status in errors}}


def refusals(*errors: int) -> dict[int, Any]:
    """The error part of ``responses`` alone, for an operation whose 200 is not JSON (a CSV
    file, declared with ``openapi_extra``)."""
    return {status: _ERRORS[status] for status in errors}


@dataclass(frozen=True)
class OneOf:
    """``Annotated[str, OneOf(values)]``: a string that must be one of ``values()``, declared as
    an ``enum`` in the OpenAPI document; anything else answers 422.

    For sets that are fixed in the code but known only once every app has started, such as
    the search registry's kinds and modules: ``values`` is called when a request is validated
    and when the document is built, never at import. Values that are data (themes,
    municipalities) are not enums: their parameters declare the shape only (see
    docs/architecture.md, "JSON API")."""

    values: Callable[[], Iterable[str]]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = sorted(self.values())
        return json_schema

    def _check(self, value: str) -> str:
        allowed = sorted(self.values())
        if value not in allowed:
            raise ValueError("must be one of: " + ", ".join(allowed))
        return value
