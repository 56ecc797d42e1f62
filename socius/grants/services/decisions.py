from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.grants.access import user_can_apply_for
from socius.grants.allocation import AllocationError, Candidate, Rules, allocate
from socius.grants.audit import (
    AUDIT_AMOUNT_LOCKED,
    AUDIT_REPORT_SUBMITTED,
)
from socius.grants.mail import MAIL_DECISION
from socius.grants.models import AllocationRun, Application, Report, Round, budget_lines_total
from socius.grants.selectors import application_list_for_round, application_score
from socius.grants.services.applications import application_notify
from socius.grants.workflows import (
    APPLICATION_WORKFLOW,
    ROUND_WORKFLOW,
    ApplicationState,
    RoundState,
)

if TYPE_CHECKING:
    from socius.accounts.models import User


ITEMISE_ABOVE = Decimal(5000)  # spending lines above this are itemised
AUDITOR_ABOVE = Decimal(150000)  # grants above this need an auditor's sign-off


def _candidates(round_: Round) -> list[Candidate]:
    candidates = []
    for app in application_list_for_round(round_).filter(state=ApplicationState.SUBMITTED):
        summary = application_score(app, round_)
        if summary.score is None:
            continue  # not yet reviewed: cannot be ranked
        # The optimiser works in whole kroner: requests round down and minimums up, so a
        # proposal never exceeds a request; scores round to what staff see (2 decimals), so
        # 3.4000001 and 3.4 are one level in the "stronger gets a larger share" rule.
        requested = math.floor(app.amount_requested)
        candidates.append(
            Candidate(
                key=str(app.public_id),
                organisation=str(app.organisation_id),
                theme=app.theme.slug,
                score=round(summary.score, 2),
                requested=requested,
                minimum=min(math.ceil(app.minimum_amount), requested),
                locked=None if app.locked_amount is None else int(app.locked_amount),
            )
        )
    return candidates


@transaction.atomic
def allocation_run(*, actor: User, round_: Round) -> AllocationRun:
    """Propose amounts with the optimiser; the run is stored with its inputs and its result."""
    require(actor, Capability.GRANTS_MANAGE)
    if round_.state not in ROUND_WORKFLOW["allocate"].sources:
        raise ValidationError(_("Close the round before amounts are proposed."))
    candidates = _candidates(round_)
    if not candidates:
        raise ValidationError(_("No reviewed applications to allocate to."))
    rules = Rules(
        budget=math.floor(round_.budget),
        cap_per_organisation=(
            None if round_.cap_per_organisation is None else math.floor(round_.cap_per_organisation)
        ),
        min_share_per_theme={
            m.theme.slug: float(m.share) for m in round_.theme_minimums.select_related("theme")
        },
        score_floor=float(round_.score_floor),
    )
    try:
        result = allocate(candidates, rules)
    except AllocationError as exc:
        raise ValidationError(str(exc)) from exc
    run = AllocationRun.objects.create(
        round=round_,
        created_by=actor,
        inputs={
            "candidates": [c.__dict__ for c in candidates],
            "rules": {**rules.__dict__, "min_share_per_theme": dict(rules.min_share_per_theme)},
        },
        result={
            "amounts": result.amounts,
            "status": result.status,
            "theme_shortfall": result.theme_shortfall,
            "messages": [str(m) for m in result.messages],
            "solve_seconds": result.solve_seconds,
        },
        objective=result.objective,
    )
    ROUND_WORKFLOW.apply(actor=actor, obj=round_, name="allocate", data={"run": run.pk})
    return run


@transaction.atomic
def amount_lock(*, actor: User, app: Application, amount: Decimal | None) -> None:
    """Fix an application's amount (0 = not funded) for the next run; None releases the lock."""
    require(actor, Capability.GRANTS_MANAGE)
    if app.round.state == RoundState.DECIDED:
        raise ValidationError(_("The round has been decided."))
    if amount is not None and amount != amount.to_integral_value():
        raise ValidationError(_("Lock whole kroner."))
    if (
        amount is not None
        and amount != 0
        and not app.minimum_amount <= amount <= app.amount_requested
    ):
        raise ValidationError(
            _(
                "A locked amount must be 0 or between the smallest amount and the amount applied for."
            )
        )
    app.locked_amount = amount
    app.save(update_fields=["locked_amount", "updated_at"])
    audit_record(actor=actor, action=AUDIT_AMOUNT_LOCKED, target=app, data={"amount": amount})


@transaction.atomic
def round_decide(
    *,
    actor: User,
    round_: Round,
    run: AllocationRun,
    body: str,
    decided_on: datetime.date,
    minutes_url: str = "",
) -> None:
    """Record the political committee's decision on a run; letters go to every applicant."""
    require(actor, Capability.GRANTS_MANAGE)
    if round_.state != RoundState.ALLOCATED or run.round_id != round_.pk:
        raise ValidationError(_("Choose a proposal of this round to record the decision on."))
    if not body.strip():
        raise ValidationError(_("Name the committee that decided."))
    amounts: dict[str, int] = run.result["amounts"]
    for app in application_list_for_round(round_).filter(state=ApplicationState.SUBMITTED):
        granted = Decimal(amounts.get(str(app.public_id), 0))
        APPLICATION_WORKFLOW.apply(
            actor=actor,
            obj=app,
            name="grant" if granted > 0 else "reject",
            changes={
                "granted_amount": granted,
                "decision_reason": _decision_reason(app, round_, granted),
            },
            data={"amount": granted},
        )
        application_notify(app, kind=MAIL_DECISION, template="decision", context={"round": round_})
    ROUND_WORKFLOW.apply(
        actor=actor,
        obj=round_,
        name="decide",
        changes={
            "decision_body": body.strip(),
            "decided_at": decided_on,
            "minutes_url": minutes_url,
        },
        data={"run": run.pk},
    )


def _decision_reason(app: Application, round_: Round, granted: Decimal) -> str:
    summary = application_score(app, round_)
    score = "-" if summary.score is None else f"{summary.score:.2f}".replace(".", ",")
    if summary.score is None:
        return _("The application was not scored, so it could not be ranked.")
    if summary.score < float(round_.score_floor):
        return _("The score %(score)s is below the lowest score that can be funded.") % {
            "score": score
        }
    if granted == 0:
        return _("The score %(score)s was not high enough to be funded within the budget.") % {
            "score": score
        }
    if granted < app.amount_requested:
        return _(
            "The score %(score)s was funded in part, as the budget did not cover every request."
        ) % {"score": score}
    return _("The score %(score)s was funded in full.") % {"score": score}


@transaction.atomic
def report_submit(
    *,
    actor: User,
    app: Application,
    activities: str,
    people_reached: int,
    spending_items: list[dict[str, Any]],
    auditor_name: str = "",
) -> Report:
    """Report back on a grant: spending above 5,000 kr. itemised, an auditor above 150,000 kr.,
    and the unused amount to repay."""
    if not user_can_apply_for(actor, app.organisation_id):
        raise PermissionDenied
    if app.state != ApplicationState.GRANTED or app.granted_amount is None:
        raise ValidationError(_("Only granted applications report back."))
    if Report.objects.filter(application=app).exists():
        raise ValidationError(_("The report has already been submitted."))
    spent = budget_lines_total(spending_items)
    if spent > ITEMISE_ABOVE and len(spending_items) < 2:
        raise ValidationError(
            _("Spending above 5.000 kr. must be itemised: list what the money went to.")
        )
    if app.granted_amount > AUDITOR_ABOVE and not auditor_name.strip():
        raise ValidationError(_("Grants above 150.000 kr. need an auditor to sign the accounts."))
    report = Report.objects.create(
        application=app,
        activities=activities.strip(),
        people_reached=people_reached,
        spending_items=spending_items,
        amount_spent=spent,
        auditor_name=auditor_name.strip(),
        repaid_amount=max(app.granted_amount - spent, Decimal(0)),
    )
    audit_record(actor=actor, action=AUDIT_REPORT_SUBMITTED, target=app, data={"spent": spent})
    return report


def report_overdue(app: Application) -> bool:
    return (
        app.state == ApplicationState.GRANTED
        and app.round.report_deadline < timezone.localdate()
        and not Report.objects.filter(application=app).exists()
    )
