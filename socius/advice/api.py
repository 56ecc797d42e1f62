"""Open data from the community directory ("Find a community", /faellesskaber/).

Exactly the entries the public directory shows (``selectors.community_list_public``: active,
and confirmed within the grace period), with the page's filters and order. The list carries what
the directory's list shows, plus the description; one entry carries what its public page shows,
including the contact e-mail and phone the organisation chose to publish there. Nothing about
the people behind an entry (who listed or confirmed it, reminders sent), and nothing from the
advice service. A hidden, unknown or malformed id answers 404.
"""

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from socius.advice import selectors
from socius.advice.forms import CommunityFilterForm
from socius.advice.models import Community
from socius.core.api_support import Pagination

router = Router(tags=["communities"])


class CommunityFilter(Schema):
    """The directory page's filters, under the same names. The shapes are checked here, before
    the database; that the municipality and theme exist is checked by the page's own form."""

    q: str | None = Field(None, max_length=100)
    # Empty means "all", as the page's empty choice.
    municipality: str | None = Field(None, pattern=r"^(\d{3})?$")
    theme: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]*$")


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


@router.get("/faellesskaber", response=list[CommunityOut])
@paginate(Pagination)
def community_list(request: HttpRequest, filters: Query[CommunityFilter]) -> Any:
    """The directory's entries, ordered by municipality name and title as on the page.

    A filter that is malformed, names no municipality, or names no active theme answers 422
    (the page instead ignores all its filters and shows the whole directory)."""
    data = {k: v for k, v in filters.model_dump().items() if v}
    if not data:
        return selectors.community_list_public()
    form = CommunityFilterForm(data)
    if not form.is_valid():
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["query", name],
                    "msg": " ".join(str(e) for e in errors),
                }
                for name, errors in form.errors.items()
            ]
        )
    cleaned = form.cleaned_data
    return selectors.community_list_public(
        q=cleaned["q"], municipality=cleaned["municipality"], theme=cleaned["theme"]
    )


@router.get("/faellesskaber/{public_id}", response=CommunityDetailOut)
def community_detail(request: HttpRequest, public_id: str) -> Any:
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        raise Http404 from None
    community = selectors.community_get_public(key)
    if community is None:
        raise Http404
    return community
