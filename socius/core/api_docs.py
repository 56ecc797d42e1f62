"""The API's browsable documentation at /api/docs, rendered on the server from the OpenAPI
document.

django-ninja's default page runs Swagger UI, which fails axe (no ``lang``, low contrast,
buttons inside buttons) and needs scripts our CSP does not allow inline. This page is plain
HTML in the platform's layout: no script, the same reading order for everyone, and the
machine-readable document one link away at /api/openapi.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    session: bool
    parameters: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, str]] = field(default_factory=list)


def _type_of(schema: dict[str, Any]) -> str:
    """A short, readable type: "string", "integer", "list of ThemeOut", "ThemeOut"."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_of(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return "list of " + _type_of(schema.get("items", {}))
    kind = str(schema.get("type", "object"))
    if "enum" in schema:
        kind += " (" + ", ".join(str(v) for v in schema["enum"]) + ")"
    return kind


def _body(response: dict[str, Any]) -> dict[str, str]:
    """A JSON answer's schema name ("type", linked to its schema on the page), or the media
    type of any other answer ("media_type", such as text/csv)."""
    content = response.get("content") or {}
    if "application/json" in content:
        return {"type": _type_of(content["application/json"].get("schema", {})), "media_type": ""}
    return {"type": "", "media_type": next(iter(content), "")}


def _operations(schema: dict[str, Any]) -> list[Operation]:
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            responses = [
                {"status": str(status), "description": r.get("description", ""), **_body(r)}
                for status, r in sorted(op.get("responses", {}).items(), key=lambda i: str(i[0]))
            ]
            parameters = [
                {
                    "name": p.get("name", ""),
                    "where": p.get("in", ""),
                    "required": bool(p.get("required")),
                    "type": _type_of(p.get("schema", {})),
                    "description": p.get("description", "")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            operations.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=str(op.get("operationId", f"{method}-{path}")),
                    summary=str(op.get("summary", "")),
                    description=str(op.get("description", "")),
                    session=bool(op.get("security")),
                    parameters=parameters,
                    responses=responses,
                )
            )
    return operations


def _schemas(schema: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for name, body in schema.get("components", {}).get("schemas", {}).items():
        required = set(body.get("required", []))
        properties = [
            {
                "name": prop,
                "type": _type_of(spec),
                "required": prop in required,
                "description": spec.get("description", ""),
            }
            for prop, spec in body.get("properties", {}).items()
        ]
        result.append(
            {
                "name": name,
                "description": body.get("description", ""),
                "properties": properties,
                "enum": [str(v) for v in body.get("enum", [])],
            }
        )
    return result


class ApiDocs(DocsBase):
    """``NinjaAPI(docs=ApiDocs())``: the documentation page described above."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        return render(
            request,
            "core/api_docs.html",
            {
                "api": api,
                "info": schema.get("info", {}),
                "openapi_url": self.get_openapi_url(api, kwargs),
                "operations": _operations(schema),
                "schemas": _schemas(schema),
            },
        )
