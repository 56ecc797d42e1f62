"""The conditions an application must meet, and the ones the platform can check by itself.

Each gate returns True (met), False (not met, with a reason the applicant reads) or None
(a person must check it). Pools choose which gates apply (``Pool.gates``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socius.core.models import Organisation
from socius.core.validators import cvr_is_valid
from socius.grants.models import budget_lines_total

if TYPE_CHECKING:
    from socius.grants.models import Application

Outcome = tuple[bool | None, str]


@dataclass(frozen=True)
class Gate:
    code: str
    label: Promise
    check: Callable[[Application], Outcome]


def _cvr(app: Application) -> Outcome:
    if app.organisation.cvr and cvr_is_valid(app.organisation.cvr):
        return True, ""
    return False, _("The organisation has no valid CVR number. Add it on the organisation's page.")


def _local_roots(app: Application) -> Outcome:
    pool_municipality = app.round.pool.municipality_id
    if pool_municipality is None:
        return True, ""
    if app.organisation.municipality_id == pool_municipality:
        return True, ""
    return False, _("The organisation is not registered in the municipality that runs this fund.")


def _non_profit(app: Application) -> Outcome:
    if app.organisation.kind in {Organisation.Kind.ASSOCIATION, Organisation.Kind.CLUB}:
        return True, ""
    if app.organisation.kind == Organisation.Kind.SOCIAL_ECONOMY:
        return None, ""  # staff check that profits go to the social purpose
    return False, _("Only non-profit organisations can apply to this fund.")


def _unpaid_board(app: Application) -> Outcome:
    if not app.board_unpaid:
        return False, _("The board must be unpaid. You answered that it is not.")
    return True, ""


def _voluntary_core(app: Application) -> Outcome:
    if app.volunteers == 0:
        return False, _(
            "Voluntary effort must be the core of the activity, and you stated no volunteers."
        )
    return None, ""  # a person judges whether the voluntary effort is the core


def _target_group(app: Application) -> Outcome:
    groups = app.round.pool.target_groups
    if not groups:
        return None, ""
    if app.target_group in groups:
        return True, ""
    return False, _("The target group is not one this fund supports.")


def _budget(app: Application) -> Outcome:
    items = app.budget_items or []
    if not items:
        return False, _("Add a budget with the amount for each activity.")
    total = budget_lines_total(items)
    if total != app.amount_requested:
        return False, _(
            "The budget lines add up to %(total)s kr., not the %(requested)s kr. applied for."
        ) % {
            "total": total,
            "requested": app.amount_requested,
        }
    return True, ""


def _last_year_report(app: Application) -> Outcome:
    from socius.grants.models import Application as ApplicationModel
    from socius.grants.workflows import ApplicationState

    overdue = ApplicationModel.objects.filter(
        organisation=app.organisation,
        round__pool=app.round.pool,
        state=ApplicationState.GRANTED,
        round__report_deadline__lt=timezone.localdate(),
        report__isnull=True,
    ).exclude(pk=app.pk)
    if overdue.exists():
        return False, _(
            "The organisation has not reported back on an earlier grant from this fund."
        )
    return True, ""


GATES: dict[str, Gate] = {
    gate.code: gate
    for gate in [
        Gate("cvr", gettext_lazy("CVR number"), _cvr),
        Gate("local_roots", gettext_lazy("Local roots"), _local_roots),
        Gate("non_profit", gettext_lazy("Non-profit"), _non_profit),
        Gate("unpaid_board", gettext_lazy("Unpaid board"), _unpaid_board),
        Gate("voluntary_core", gettext_lazy("Voluntary effort is the core"), _voluntary_core),
        Gate("target_group", gettext_lazy("Target group in scope"), _target_group),
        Gate("budget", gettext_lazy("Budget per activity"), _budget),
        Gate("last_year_report", gettext_lazy("Last year's report submitted"), _last_year_report),
    ]
}
DEFAULT_GATES = list(GATES)


def gate_label(code: str) -> str:
    """The condition's name as applicants and staff read it; never the internal code."""
    gate = GATES.get(code)
    return str(gate.label) if gate else str(gettext_lazy("Other condition"))


def gates_for(app: Application) -> list[Gate]:
    codes = app.round.pool.gates or DEFAULT_GATES
    if not app.round.pool.requires_cvr:
        codes = [c for c in codes if c != "cvr"]
    return [GATES[c] for c in codes if c in GATES]
