"""Releasing outcome statistics: the budget is charged when a release is asked for (in one
transaction with the check against the year's cap, so two requests cannot both pass), and
the table is computed afterwards in a task (``tasks.release_run``) or by the command.

The threat model of the numbers is in privacy.py."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.models import Municipality, Theme
from socius.core.roles import Capability
from socius.plans.outcomes import privacy, selectors
from socius.plans.outcomes.audit import AUDIT_RELEASE_CREATED
from socius.plans.outcomes.models import BudgetEntry, Release, Table

EPSILON_MIN = 0.05
EPSILON_MAX = 1.0


def budget_cap() -> float:
    """Epsilon a municipality may spend per cohort year (setting
    ``PLANS_PRIVACY_BUDGET_PER_YEAR``)."""
    return float(getattr(settings, "PLANS_PRIVACY_BUDGET_PER_YEAR", 2.0))


def _check(
    *, table: str, year: int, quarter: int | None, epsilon: float, today: datetime.date
) -> None:
    errors: dict[str, str] = {}
    if table not in Table.values:
        errors["table"] = _("Choose one of the tables.")
    if not 2000 <= year <= today.year:
        errors["year"] = _("Choose a year from 2000 until this year.")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Choose a quarter from 1 to 4, or the whole year.")
    if not EPSILON_MIN <= epsilon <= EPSILON_MAX:
        errors["epsilon"] = _("Epsilon must be from 0.05 to 1.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def release_create(
    *,
    actor: Any,
    municipality: Municipality,
    table: str,
    year: int,
    quarter: int | None = None,
    epsilon: float,
    theme: Theme | None = None,
    today: datetime.date | None = None,
    enqueue: bool = True,
) -> Release:
    """Ask for a release: check, charge the budget of the municipality's cohort ``year``
    (refused when it would pass the cap), audit, and queue the computation on commit."""
    require(actor, Capability.PLANS_OUTCOMES)
    today = today or timezone.localdate()
    _check(table=table, year=year, quarter=quarter, epsilon=epsilon, today=today)
    # One release at a time per municipality: the row lock orders concurrent requests on
    # PostgreSQL (SQLite's write lock already does).
    Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
    spent = selectors.budget_spent(municipality=municipality, year=year)
    if spent + epsilon > budget_cap() + 1e-9:
        raise ValidationError(
            {
                "epsilon": _(
                    "The privacy budget for %(year)s has %(left)s left. Choose a smaller "
                    "epsilon or wait for a new year of plans."
                )
                % {"year": year, "left": f"{max(0.0, budget_cap() - spent):.2f}"}
            }
        )
    release = Release.objects.create(
        municipality=municipality,
        table=table,
        year=year,
        quarter=quarter,
        theme=theme,
        epsilon=epsilon,
        created_by=actor,
    )
    BudgetEntry.objects.create(
        municipality=municipality, year=year, release=release, epsilon=epsilon
    )
    audit_record(
        actor=actor,
        action=AUDIT_RELEASE_CREATED,
        target=release,
        data={
            "municipality": municipality.code,
            "table": table,
            "year": year,
            "quarter": quarter,
            "theme": theme.slug if theme else None,
            "epsilon": epsilon,
        },
    )
    if enqueue:
        from socius.plans.outcomes.tasks import release_run

        transaction.on_commit(lambda: release_run.enqueue(release_id=release.pk))
    return release


def release_compute(
    *,
    release: Release,
    progress: Callable[[int, int], object] | None = None,
    now: datetime.datetime | None = None,
) -> Release:
    """Count, add noise, suppress and store the release (its budget is already charged)."""
    steps = 3

    def step(done: int) -> None:
        Release.objects.filter(pk=release.pk).update(progress_done=done, progress_total=steps)
        if progress is not None:
            progress(done, steps)

    Release.objects.filter(pk=release.pk).update(status=Release.Status.RUNNING)
    step(0)
    counts = selectors.table_counts(
        municipality=release.municipality,
        table=release.table,
        year=release.year,
        quarter=release.quarter,
        theme=release.theme,
    )
    step(1)
    released = privacy.table_release(counts, epsilon=release.epsilon)
    del counts  # the true counts never leave this function
    step(2)
    release.result = {
        "rows": selectors.table_rows(),
        "columns": [name for name, _q in selectors.COLUMNS[release.table]],
        "cells": released.cells,
        "row_totals": released.row_totals,
        "column_totals": released.column_totals,
        "total": released.total,
        "scale": released.scale,
        "sensitivity": released.sensitivity,
    }
    release.status = Release.Status.DONE
    release.released_at = now or timezone.now()
    release.progress_done = release.progress_total = steps
    release.save(
        update_fields=["result", "status", "released_at", "progress_done", "progress_total"]
    )
    if progress is not None:
        progress(steps, steps)
    return release
