"""The catalogue of social-economy enterprises as open data, read-only.

Only what the catalogue's pages show everyone: the name, the CVR number, which of the five
criteria are answered (not the answers' evidence), the RSV status as the enterprise states it
with its date and whether that is older than 12 months, whether it can bid for reserved
contracts, and what it offers (CPV codes, capacity, the municipalities it serves). Never the
evidence documents, the staff share's notes or who registered the enterprise.

A filter of the wrong shape (not a CPV code, not three digits) is a 422 with a message; a CPV
code of the right shape that the vocabulary refuses (a wrong check digit, an unknown division)
and a municipality code no municipality has are a 404 with a message, as the atlas answers for
an unknown municipality code.
"""

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import field_validator

from socius.core.api_support import Pagination, responses, slug_or_404
from socius.core.models import Municipality
from socius.procurement.cpv import cpv_label, cpv_normalise
from socius.procurement.enterprises import selectors
from socius.procurement.enterprises.models import Criterion, SocialEnterprise

router = Router(tags=["procurement"])

SLUG_MAX = 220  # Organisation.slug's max_length
CPV_PATTERN = r"^[0-9]{8}(-[0-9])?$"
MUNICIPALITY_PATTERN = r"^[0-9]{3}$"
_CPV = re.compile(CPV_PATTERN)
_MUNICIPALITY = re.compile(MUNICIPALITY_PATTERN)


class EnterpriseCatalogueFilter(Schema):
    """The catalogue's filters, as on /indkoeb/socialoekonomi/."""

    cpv: str | None = Field(
        None,
        description=(
            "A CPV code, 8 digits with or without the check digit (45000000-7 or 45000000). "
            "Enterprises offering the code or a broader code above it are listed."
        ),
        json_schema_extra={"pattern": CPV_PATTERN},
        examples=["90910000-9"],
    )
    municipality: str | None = Field(
        None,
        description="A municipality's three-digit code (751 is Aarhus): those serving it.",
        json_schema_extra={"pattern": MUNICIPALITY_PATTERN},
        examples=["751"],
    )

    # The shape is checked here rather than with Field(pattern=...) so that the 422 says in
    # words what is wanted; the pattern still stands in the OpenAPI document.
    @field_validator("cpv", mode="before")
    @classmethod
    def _cpv_shape(cls, value: object) -> object:
        if value is not None and (not isinstance(value, str) or not _CPV.fullmatch(value)):
            raise ValueError(
                "cpv must be a CPV code of 8 digits, optionally a dash and the check digit, "
                "for example 45000000-7"
            )
        return value

    @field_validator("municipality", mode="before")
    @classmethod
    def _municipality_shape(cls, value: object) -> object:
        if value is not None and (not isinstance(value, str) or not _MUNICIPALITY.fullmatch(value)):
            raise ValueError(
                "municipality must be a municipality code of three digits, such as 751"
            )
        return value


class EnterpriseCriterionOut(Schema):
    """One of the five criteria of lov nr. 711 af 25/06/2014 § 5."""

    criterion: str = Field(
        ...,
        description="The criterion's key: " + ", ".join(Criterion.values) + ".",
    )
    label: str = Field(..., description="The criterion's name in the active language.")
    answered: bool = Field(..., description="Whether the enterprise has answered it.")


class EnterpriseRsvOut(Schema):
    """The enterprise's status in the register of social-economy enterprises (RSV), as the
    enterprise states it: a claim, not proof."""

    status: str = Field(
        ...,
        description="One of: " + ", ".join(SocialEnterprise.RsvStatus.values) + ".",
    )
    stated_on: datetime.date | None = Field(
        ..., description="The date the enterprise stated its status (ISO 8601)."
    )
    source: str = Field(..., description="Where the status was checked, as given; may be empty.")
    older_than_12_months: bool = Field(
        ...,
        description=(
            "True when the status was stated more than 12 calendar months ago, or has no date: "
            "check it in the register before relying on it."
        ),
    )


class EnterpriseOfferOut(Schema):
    cpv_code: str = Field(..., description="A CPV code the enterprise can deliver.")
    label: str = Field(..., description="The code's name in the active language; may be empty.")


class EnterpriseAreaOut(Schema):
    code: str = Field(..., description="The municipality's three-digit code.")
    name: str


class EnterpriseOut(Schema):
    """A social-economy enterprise in the catalogue."""

    slug: str = Field(..., description="The address of the enterprise's page and of its item.")
    name: str
    cvr: str = Field(..., description="The organisation's CVR number.")
    url: str = Field(..., description="The enterprise's page.")
    can_bid_reserved: bool = Field(
        ...,
        description=(
            "At least 30 percent of the staff are disabled or disadvantaged, with evidence: "
            "it can bid for contracts reserved under udbudsloven § 20."
        ),
    )
    rsv: EnterpriseRsvOut
    criteria: list[EnterpriseCriterionOut] = Field(
        ..., description="The five criteria in the law's order."
    )
    offers: list[EnterpriseOfferOut]
    capacity: str = Field(..., description="What the enterprise can take on, in its words.")
    municipalities: list[EnterpriseAreaOut] = Field(
        ..., description="The municipalities the enterprise serves."
    )


class EnterpriseDetailOut(EnterpriseOut):
    description: str = Field(..., description="The organisation's own description.")


def enterprise_data(enterprise: SocialEnterprise, *, today: datetime.date) -> dict[str, Any]:
    """The public facts of ``enterprise`` (its offers, areas and answers prefetched)."""
    answered = {a.criterion for a in enterprise.answers.all()}
    organisation = enterprise.organisation
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "cvr": organisation.cvr,
        "url": enterprise.get_absolute_url(),
        "can_bid_reserved": enterprise.can_bid_reserved,
        "rsv": {
            "status": enterprise.rsv_status,
            "stated_on": enterprise.rsv_stated_on,
            "source": enterprise.rsv_source,
            "older_than_12_months": enterprise.rsv_claim_is_old(today=today),
        },
        "criteria": [
            {"criterion": value, "label": str(label), "answered": value in answered}
            for value, label in Criterion.choices
        ],
        "offers": [
            {"cpv_code": o.cpv_code, "label": cpv_label(o.cpv_code)}
            for o in enterprise.offers.all()
        ],
        "capacity": enterprise.capacity,
        "municipalities": [{"code": m.code, "name": m.name} for m in enterprise.areas.all()],
        "description": organisation.description,
    }


class _Rows:
    """The catalogue's queryset, turned into the public facts only for the page sliced out
    (the paging counts and slices the queryset; the prefetches run on the slice)."""

    def __init__(self, rows: Any) -> None:
        self.rows = rows
        self.today = timezone.localdate()

    def count(self) -> int:
        return int(self.rows.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [enterprise_data(e, today=self.today) for e in self.rows[window]]


def _cpv_or_404(code: str) -> str:
    try:
        return cpv_normalise(code)
    except ValidationError as exc:
        raise HttpError(404, " ".join(str(m) for m in exc.messages)) from None


def _municipality_or_404(code: str) -> Municipality:
    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        raise HttpError(404, f"No municipality has the code {code}.")
    return municipality


@router.get("/procurement/socialoekonomi", response=responses(list[EnterpriseOut], 404, 422))
@paginate(Pagination)
def enterprise_list(request: HttpRequest, filters: Query[EnterpriseCatalogueFilter]) -> Any:
    """The catalogue by name, filtered by CPV code (an offered code covers the codes below
    it) and by the municipality served; limit/offset paged."""
    cpv = _cpv_or_404(filters.cpv) if filters.cpv else None
    area = _municipality_or_404(filters.municipality) if filters.municipality else None
    rows = selectors.enterprise_catalogue(cpv_code=cpv, area=area).prefetch_related("answers")
    return _Rows(rows)


@router.get("/procurement/socialoekonomi/{slug}", response=responses(EnterpriseDetailOut, 404))
def enterprise_detail(request: HttpRequest, slug: str) -> Any:
    """One enterprise by its address; 404 when there is none."""
    enterprise = selectors.enterprise_detail(slug=slug_or_404(slug, SLUG_MAX))
    if enterprise is None:
        raise Http404
    return enterprise_data(enterprise, today=timezone.localdate())
