from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.security import SessionAuth

from socius.core import selectors
from socius.core.access import request_user, user_roles
from socius.core.api_support import Pagination, query_text, responses
from socius.core.models import Municipality, Organisation

router = Router(tags=["core"])


class ThemeOut(Schema):
    slug: str
    name: str
    name_en: str
    description: str


class MunicipalityOut(Schema):
    code: str
    name: str
    region: str = Field(..., alias="region.name")


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    cvr: str
    municipality_code: str | None = Field(None, alias="municipality.code")
    themes: list[str]

    @staticmethod
    def resolve_themes(obj: Organisation) -> list[str]:
        return [t.slug for t in obj.themes.all()]


class OrganisationFilter(Schema):
    kind: Organisation.Kind | None = None
    municipality: str | None = Field(None, max_length=3, pattern=r"^\d{3}$")
    q: str | None = Field(None, max_length=100)


class MeOut(Schema):
    public_id: str
    email: str
    name: str
    roles: list[str]


@router.get("/themes", response=list[ThemeOut])
def themes(request: HttpRequest) -> Any:
    return selectors.theme_list_active()


@router.get("/municipalities", response=list[MunicipalityOut])
def municipalities(request: HttpRequest) -> Any:
    return Municipality.objects.select_related("region").order_by("code")


@router.get("/organisations", response=responses(list[OrganisationOut], 422))
@paginate(Pagination)
def organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> Any:
    municipality = None
    if filters.municipality:
        municipality = Municipality.objects.filter(code=filters.municipality).first()
        if municipality is None:
            return Organisation.objects.none()
    return selectors.organisation_list_filtered(
        q=query_text(filters.q), kind=filters.kind or "", municipality=municipality
    )


@router.get("/me", response=responses(MeOut, 401), auth=SessionAuth())
def me(request: HttpRequest) -> Any:
    user = request_user(request)
    return {
        "public_id": str(user.public_id),
        "email": user.email,
        "name": user.name,
        "roles": sorted(user_roles(user)),
    }
