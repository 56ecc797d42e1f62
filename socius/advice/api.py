"""Open data from the community directory ("Find a community", /faellesskaber/).

Exactly the entries the public directory shows (``selectors.community_list_public``: active,
and confirmed within the grace period), with the page's filters and order. The list carries what
the directory's list shows, plus the description; one entry carries what its public page shows,
including the contact e-mail and phone the organisation chose to publish there. Nothing about
the people behind an entry (who listed or confirmed it, reminders sent), and nothing from the
advice service. A hidden, unknown or malformed id answers 404.

The filters name data (a municipality's code, a theme's slug), so the OpenAPI document declares
their shape, not an enum of today's values: a well-formed value that names nothing (an unknown
code, an unknown or retired theme) gives an empty list, as ``/api/organisations`` and
``/api/search`` do; only a malformed one answers 422.
"""

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from socius.advice import selectors
from socius.advice.models import Community
from socius.core.api_support import Pagination, query_text, responses
from socius.core.models import Municipality, Theme

router = Router(tags=["communities"])


class CommunityFilter(Schema):
    """The directory page's filters, under the same names. Only the shapes are checked, before
    the database (see the module's docstring)."""

    q: str | None = Field(None, max_length=100)
    # Empty means "all", as the page's empty choice.
    municipality: str | None = Field(
        None,
        pattern=r"^(\d{3})?$",
        description="A municipality's code from /api/municipalities, e.g. 751.",
    )
    theme: str | None = Field(
        None,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="An active theme's slug from /api/themes.",
    )


class CommunityOut(Schema):
    id: uuid.UUID = Field(..., alias="public_id")
    title: str
    description: str
    audience: str
    when: str
    address: str
    municipality_code: str = Field(..., alias="municipality.code")
    municipality: str = Field(..., alias="municipality.name")
    themes: list[str]
    organisation: str = Field(..., alias="organisation.name")
    organisation_slug: str = Field(..., alias="organisation.slug")
    last_confirmed: datetime.date
    is_stale: bool
    url: str

    @staticmethod
    def resolve_themes(obj: Community) -> list[str]:
        return [t.slug for t in obj.themes.all()]

    @staticmethod
    def resolve_last_confirmed(obj: Community) -> datetime.date:
        return timezone.localdate(obj.confirmed_at)

    @staticmethod
    def resolve_url(obj: Community) -> str:
        return obj.get_absolute_url()


class CommunityDetailOut(CommunityOut):
    """What the entry's public page adds: the published contact details and the organisation's
    page. Empty strings when the organisation published none."""

    contact_email: str
    contact_phone: str
    organisation_url: str

    @staticmethod
    def resolve_organisation_url(obj: Community) -> str:
        return obj.organisation.get_absolute_url()


@router.get("/faellesskaber", response=responses(list[CommunityOut], 422))
@paginate(Pagination)
def community_list(request: HttpRequest, filters: Query[CommunityFilter]) -> Any:
    """The directory's entries, ordered by municipality name and title as on the page.

    A malformed filter answers 422; a municipality or theme that does not exist (or a theme
    that is no longer active) gives an empty list."""
    municipality = theme = None
    if filters.municipality:
        municipality = Municipality.objects.filter(code=filters.municipality).first()
        if municipality is None:
            return Community.objects.none()
    if filters.theme:
        theme = Theme.objects.filter(slug=filters.theme, is_active=True).first()
        if theme is None:
            return Community.objects.none()
    return selectors.community_list_public(
        q=query_text(filters.q), municipality=municipality, theme=theme
    )


@router.get("/faellesskaber/{public_id}", response=responses(CommunityDetailOut, 404))
def community_detail(request: HttpRequest, public_id: str) -> Any:
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        raise Http404 from None
    community = selectors.community_get_public(key)
    if community is None:
        raise Http404
    return community
