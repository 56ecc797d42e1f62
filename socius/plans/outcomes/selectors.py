"""Reads of the outcome statistics: the true counts behind a release (only ever handed to
privacy.table_release), and what has been released."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from socius.core.models import Municipality, Theme
from socius.plans.models import Domain
from socius.plans.outcomes.models import BudgetEntry, OutcomeDomain, OutcomeRecord, Release, Table

# Columns per table: a partition of the people counted in a row (a life domain).
COLUMNS: dict[str, list[tuple[str, Q]]] = {
    Table.DOMAIN_CHANGE: [
        ("better", Q(latest_score__gt=F("first_score"))),
        ("same", Q(latest_score=F("first_score"))),
        ("worse", Q(latest_score__lt=F("first_score"))),
    ],
    Table.GOALS: [
        ("reached", Q(goals_rated__gt=0, goals_reached__gt=0)),
        ("not_yet", Q(goals_rated__gt=0, goals_reached=0)),
    ],
}


def table_rows() -> list[str]:
    return [domain.value for domain in Domain]


def table_counts(
    *,
    municipality: Municipality,
    table: str,
    year: int,
    quarter: int | None = None,
    theme: Theme | None = None,
) -> list[list[int]]:
    """The true counts of people per life domain and column: one GROUP BY over the outcome
    records of the municipality's cohort (plans started in ``year``, ``quarter``), only the
    plans about ``theme`` when given (a person still counts once per row)."""
    columns = COLUMNS[table]
    rows = OutcomeDomain.objects.filter(record__municipality=municipality, record__year=year)
    if quarter:
        rows = rows.filter(record__quarter=quarter)
    if theme is not None:
        rows = rows.filter(record__in=OutcomeRecord.objects.filter(themes=theme).values("pk"))
    grouped = rows.values("domain").annotate(
        **{name: Count("id", filter=condition) for name, condition in columns}
    )
    by_domain: dict[str, dict[str, Any]] = {row["domain"]: dict(row) for row in grouped}
    empty: dict[str, Any] = {}
    return [
        [int(by_domain.get(domain, empty).get(name) or 0) for name, _q in columns]
        for domain in table_rows()
    ]


def budget_spent(*, municipality: Municipality, year: int) -> float:
    """Epsilon charged so far to the municipality's cohort ``year``."""
    total = BudgetEntry.objects.filter(municipality=municipality, year=year).aggregate(
        total=Sum("epsilon")
    )["total"]
    return float(total or 0.0)


def budget_ledger(*, municipality: Municipality) -> list[dict[str, Any]]:
    """Per cohort year: the cap, what is spent, and the entries (newest year first)."""
    from socius.plans.outcomes.services import budget_cap

    entries = BudgetEntry.objects.filter(municipality=municipality).select_related("release")
    years: dict[int, dict[str, Any]] = {}
    for entry in entries.order_by("-year", "created_at"):
        year = years.setdefault(
            entry.year, {"year": entry.year, "cap": budget_cap(), "spent": 0.0, "entries": []}
        )
        year["spent"] += entry.epsilon
        year["entries"].append(entry)
    for year in years.values():
        year["left"] = max(0.0, year["cap"] - year["spent"])
    return list(years.values())


def releases_done() -> QuerySet[Release]:
    return Release.objects.filter(status=Release.Status.DONE).select_related(
        "municipality", "theme"
    )


def municipalities_with_releases() -> QuerySet[Municipality]:
    """The municipalities that have released at least one table."""
    ids = releases_done().values("municipality_id")
    return Municipality.objects.filter(pk__in=ids).order_by("name")


def release_list_for(*, municipality: Municipality) -> QuerySet[Release]:
    return (
        releases_done()
        .filter(municipality=municipality)
        .order_by("-year", "quarter", "table", "-created_at")
    )


def release_latest_per_table(code: str) -> list[Release]:
    """Per table, the newest done release over all the plans of the municipality with
    ``code`` (newest cohort year, then the whole year before a quarter, then the latest
    made): one query, however many releases."""
    latest: dict[str, Release] = {}
    releases = (
        releases_done()
        .filter(municipality__code=code, theme=None)
        .order_by("table", "-year", F("quarter").asc(nulls_first=True), "-created_at")
    )
    for release in releases:
        latest.setdefault(release.table, release)
    return sorted(latest.values(), key=lambda release: release.table)


def release_public(release: Release) -> dict[str, Any]:
    """A done release as plain data (the API and the atlas feed): cells ``None`` when hidden."""
    result = release.result
    return {
        "id": str(release.public_id),
        "table": release.table,
        "year": release.year,
        "quarter": release.quarter,
        "theme": release.theme.slug if release.theme is not None else None,
        "epsilon": release.epsilon,
        "released_at": release.released_at.isoformat() if release.released_at else None,
        "rows": result.get("rows", []),
        "columns": result.get("columns", []),
        "cells": result.get("cells", []),
        "row_totals": result.get("row_totals", []),
        "column_totals": result.get("column_totals", []),
        "total": result.get("total", 0),
        "noise_scale": result.get("scale"),
        "sensitivity": result.get("sensitivity"),
    }


def released_outcomes(code: str) -> list[dict[str, Any]]:
    """Every released table of the municipality with ``code`` (for the API and the atlas);
    an unknown code has none."""
    return [
        release_public(release)
        for release in releases_done()
        .filter(municipality__code=code)
        .order_by("-year", "quarter", "table", "-created_at")
    ]
