"""Open data on municipal grants: public funding rounds, their rubric and rules, and the
allocation report once the committee has decided.

The same doors as the pages: a round is listed and shown exactly when ``/tilskud/`` shows it
(``selectors.round_list_public``), and its allocation answers 404 until the decision is
published, like ``/tilskud/<slug>/fordeling/``. The report rows come from
``selectors.round_report``, the selector behind the page and the CSV, and hold the same columns:
organisation, CVR, activity, theme, amount applied for, amount granted and score. Never an
applicant's contact person, a reviewer, a single reviewer's scores, staff notes, gate checks,
messages or an application that was not decided.

Amounts are decimal strings in kroner with two decimals ("12500.00"), as stored and as
``socius.core.money`` handles them (``Decimal`` quantized to øre); no float rounding.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from socius.core.api_support import Pagination, responses, slug_or_404
from socius.core.money import CENT
from socius.grants import selectors
from socius.grants.models import Round, ThemeMinimum

router = Router(tags=["grants"])

SLUG_MAX = 220  # Round.slug's max_length


class PoolOut(Schema):
    name: str
    slug: str
    legal_basis: str


class RoundOut(Schema):
    slug: str
    title: str = Field(..., alias="name")
    pool: PoolOut
    budget: Decimal
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    state: str
    themes: list[str]
    report_published: bool
    url: str
    report_url: str | None

    @staticmethod
    def resolve_themes(obj: Round) -> list[str]:
        return [m.theme.slug for m in obj.theme_minimums.all()]

    @staticmethod
    def resolve_report_published(obj: Round) -> bool:
        return selectors.round_report_published(obj)

    @staticmethod
    def resolve_url(obj: Round) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_report_url(obj: Round) -> str | None:
        if not selectors.round_report_published(obj):
            return None
        return reverse("grants:round-report", args=[obj.slug])


class PoolDetailOut(PoolOut):
    description: str


class CriterionOut(Schema):
    key: str
    name: str
    weight: Decimal
    score_5_means: str | None

    @staticmethod
    def resolve_score_5_means(obj: Any) -> str | None:
        return str(obj.anchors[-1]) if obj.anchors else None


class ThemeMinimumOut(Schema):
    theme: str = Field(..., alias="theme.slug")
    theme_title: str = Field(..., alias="theme.title")
    share: Decimal


class RoundDetailOut(RoundOut):
    pool: PoolDetailOut
    score_min: int = 0
    score_max: int = 5
    criteria: list[CriterionOut]
    theme_minimums: list[ThemeMinimumOut]

    @staticmethod
    def resolve_criteria(obj: Round) -> Any:
        return obj.criteria.all()

    @staticmethod
    def resolve_theme_minimums(obj: Round) -> Any:
        return obj.theme_minimums.all()


class AllocationRowOut(Schema):
    """One decided application, as one row of the report page and the CSV."""

    organisation: str
    cvr: str
    title: str
    theme: str
    theme_title: str
    requested: Decimal
    granted: Decimal
    score: str | None


class AllocationOut(Schema):
    slug: str
    title: str
    budget: Decimal
    granted_total: Decimal
    decision_body: str
    decided_at: datetime.date | None
    minutes_url: str
    url: str
    csv_url: str
    rows: list[AllocationRowOut]


def _rounds() -> QuerySet[Round]:
    return selectors.round_list_public().prefetch_related(
        Prefetch("theme_minimums", queryset=ThemeMinimum.objects.select_related("theme"))
    )


def _round(slug: str) -> Round:
    round_ = selectors.round_public(slug_or_404(slug, SLUG_MAX))
    if round_ is None:
        raise Http404
    return round_


@router.get("/tilskud", response=responses(list[RoundOut], 422))
@paginate(Pagination)
def round_list(request: HttpRequest) -> Any:
    """Every round the public round list shows, newest first."""
    return _rounds()


@router.get("/tilskud/{slug}", response=responses(RoundDetailOut, 404))
def round_detail(request: HttpRequest, slug: str) -> Any:
    """One public round with its criteria, weights and minimum shares per theme."""
    round_ = _rounds().prefetch_related("criteria").filter(slug=slug_or_404(slug, SLUG_MAX)).first()
    if round_ is None:
        raise Http404
    return round_


def _kroner(amount: Decimal | int) -> Decimal:
    # The report shows a rejected application's grant as 0; here every amount has its øre.
    return Decimal(amount).quantize(CENT)


def _score(score: float | None) -> str | None:
    # As the page (two decimals) and the CSV show it.
    return None if score is None else f"{score:.2f}"


@router.get("/tilskud/{slug}/fordeling", response=responses(AllocationOut, 404))
def round_allocation(request: HttpRequest, slug: str) -> Any:
    """The published allocation; 404 before the decision, like the report page."""
    round_ = _round(slug)
    if not selectors.round_report_published(round_):
        raise Http404
    rows = selectors.round_report(round_)
    return {
        "slug": round_.slug,
        "title": round_.name,
        "budget": round_.budget,
        "granted_total": _kroner(sum((Decimal(r["granted"]) for r in rows), Decimal(0))),
        "decision_body": round_.decision_body,
        "decided_at": round_.decided_at,
        "minutes_url": round_.minutes_url,
        "url": reverse("grants:round-report", args=[round_.slug]),
        "csv_url": reverse("grants:round-report-csv", args=[round_.slug]),
        "rows": [
            {
                "organisation": r["organisation"],
                "cvr": r["cvr"],
                "title": r["title"],
                "theme": r["theme_slug"],
                "theme_title": r["theme"],
                "requested": _kroner(r["requested"]),
                "granted": _kroner(r["granted"]),
                "score": _score(r["score"]),
            }
            for r in rows
        ],
    }
