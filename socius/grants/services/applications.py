from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import user_can
from socius.core.audit import audit_record
from socius.core.mail import MailKind, notify
from socius.core.models import Organisation
from socius.core.roles import Capability
from socius.grants import selectors
from socius.grants.access import user_can_apply_for
from socius.grants.audit import (
    AUDIT_APPLICATION_CREATED,
    AUDIT_APPLICATION_UPDATED,
    AUDIT_GATE_SET,
    AUDIT_MESSAGE_SENT,
)
from socius.grants.gates import gates_for
from socius.grants.mail import MAIL_APPLICATION, MAIL_DECISION, MAIL_RECEIPT, MAIL_STAFF_ANSWER
from socius.grants.models import Application, GateCheck, Message, Round
from socius.grants.workflows import APPLICATION_WORKFLOW, ApplicationState, RoundState

if TYPE_CHECKING:
    from socius.accounts.models import User


APPLICATION_FIELDS = (
    "title",
    "summary",
    "theme",
    "target_group",
    "participants",
    "volunteers",
    "board_unpaid",
    "amount_requested",
    "minimum_amount",
    "budget_items",
    "answers",
)


def _require_open(round_: Round) -> None:
    """Applications are accepted while the round is open and strictly before its deadline."""
    now = timezone.now()
    if round_.state != RoundState.OPEN or now < round_.opens_at:
        raise ValidationError(_("The round is not open for applications."))
    if now >= round_.closes_at:
        raise ValidationError(_("The deadline has passed. Applications are no longer accepted."))


def _check_amounts(app: Application) -> None:
    if app.amount_requested <= 0 or app.minimum_amount <= 0:
        raise ValidationError(_("Amounts must be more than 0 kr."))
    if app.minimum_amount > app.amount_requested:
        raise ValidationError(
            {"minimum_amount": _("The smallest amount cannot be more than the amount applied for.")}
        )
    if app.amount_requested > app.round.budget:
        raise ValidationError(
            {"amount_requested": _("You cannot apply for more than the round's budget.")}
        )


@transaction.atomic
def application_create(
    *, actor: User, round_: Round, organisation: Organisation, **fields: Any
) -> Application:
    """Start a draft for an organisation the actor is a contact or board member of."""
    if not user_can_apply_for(actor, organisation.pk):
        raise PermissionDenied
    _require_open(round_)
    app = Application(
        round=round_,
        organisation=organisation,
        created_by=actor,
        **{k: v for k, v in fields.items() if k in APPLICATION_FIELDS},
    )
    _check_amounts(app)
    app.full_clean()
    app.save()
    audit_record(actor=actor, action=AUDIT_APPLICATION_CREATED, target=app)
    return app


@transaction.atomic
def application_update(*, actor: User, app: Application, **fields: Any) -> Application:
    """Change a draft. Submitted applications cannot be changed."""
    if not user_can_apply_for(actor, app.organisation_id):
        raise PermissionDenied
    if app.state != ApplicationState.DRAFT:
        raise ValidationError(_("Only drafts can be changed."))
    _require_open(app.round)
    changed = [k for k in fields if k in APPLICATION_FIELDS]
    for key in changed:
        setattr(app, key, fields[key])
    _check_amounts(app)
    app.full_clean()
    app.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor, action=AUDIT_APPLICATION_UPDATED, target=app, data={"fields": changed}
    )
    return app


def _form_snapshot(app: Application) -> list[dict[str, Any]]:
    return [
        {
            "key": f.key,
            "label": f.label,
            "kind": f.kind,
            "required": f.required,
            "help_text": f.help_text,
        }
        for f in app.round.form_fields.all()
    ]


@transaction.atomic
def application_submit(*, actor: User, app: Application) -> list[GateCheck]:
    """Submit: the deadline, the form's required answers and the automatic gates are checked.

    A failed gate refuses the submission with its reason, and the draft stays as it was."""
    APPLICATION_WORKFLOW.check(actor=actor, obj=app, name="submit")
    _require_open(app.round)
    snapshot = _form_snapshot(app)
    missing = [
        f["label"]
        for f in snapshot
        if f["required"] and not str(app.answers.get(f["key"], "")).strip()
    ]
    if missing:
        raise ValidationError([_("Answer the question: %(q)s") % {"q": q} for q in missing])
    outcomes = [(gate, *gate.check(app)) for gate in gates_for(app)]
    failed = [f"{gate.label}: {reason}" for gate, passed, reason in outcomes if passed is False]
    if failed:
        raise ValidationError(failed)
    APPLICATION_WORKFLOW.apply(
        actor=actor,
        obj=app,
        name="submit",
        changes={"form_snapshot": snapshot, "submitted_at": timezone.now()},
    )
    checks = [
        GateCheck.objects.create(
            application=app,
            gate=gate.code,
            passed=passed,
            reason=reason,
            checked_at=timezone.now() if passed is not None else None,
        )
        for gate, passed, reason in outcomes
    ]
    application_notify(app, kind=MAIL_RECEIPT, template="submitted")
    return checks


@transaction.atomic
def application_withdraw(*, actor: User, app: Application) -> None:
    """The applicant withdraws a draft or a submitted application before the decision."""
    APPLICATION_WORKFLOW.apply(actor=actor, obj=app, name="withdraw")


@transaction.atomic
def gate_check_set(
    *, actor: User, app: Application, gate: str, passed: bool, reason: str
) -> GateCheck:
    """Staff decide a condition. A failed condition makes the application ineligible, with the reason."""
    if not user_can(actor, Capability.GRANTS_MANAGE):
        raise PermissionDenied
    if not passed and not reason.strip():
        raise ValidationError(_("Say why the condition is not met: the applicant reads it."))
    check = GateCheck.objects.filter(application=app, gate=gate).first()
    if check is None:
        raise ValidationError(_("Unknown condition."))
    check.passed, check.reason = passed, reason.strip()
    check.checked_by, check.checked_at = actor, timezone.now()
    check.save(update_fields=["passed", "reason", "checked_by", "checked_at"])
    audit_record(
        actor=actor, action=AUDIT_GATE_SET, target=app, data={"gate": gate, "passed": passed}
    )
    if not passed and app.state == ApplicationState.SUBMITTED:
        APPLICATION_WORKFLOW.apply(actor=actor, obj=app, name="reject_gate", data={"gate": gate})
        application_notify(app, kind=MAIL_DECISION, template="ineligible", context={"check": check})
    elif (
        passed
        and app.state == ApplicationState.INELIGIBLE
        and not app.gate_checks.filter(passed=False).exists()
    ):
        APPLICATION_WORKFLOW.apply(actor=actor, obj=app, name="reinstate", data={"gate": gate})
    return check


@transaction.atomic
def message_send(*, actor: User, app: Application, body: str) -> Message:
    """A question from staff, or an answer from the applicant; the other side is told by mail."""
    from_staff = user_can(actor, Capability.GRANTS_MANAGE)
    if not from_staff and not user_can_apply_for(actor, app.organisation_id):
        raise PermissionDenied
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message."))
    message = Message.objects.create(
        application=app, author=actor, from_staff=from_staff, body=body
    )
    audit_record(
        actor=actor, action=AUDIT_MESSAGE_SENT, target=app, data={"from_staff": from_staff}
    )
    if from_staff:
        application_notify(
            app, kind=MAIL_APPLICATION, template="question", context={"message": message}
        )
    else:
        notify(
            recipients=selectors.application_answer_recipients(app),
            kind=MAIL_STAFF_ANSWER,
            template="grants/mail/answer",
            context={"application": app, "message": message},
            link=reverse("grants:staff-application", args=[app.public_id]),
        )
    return message


def application_notify(
    app: Application, *, kind: MailKind, template: str, context: dict[str, Any] | None = None
) -> None:
    """Tell the organisation's contacts about ``app`` with ``grants/mail/<template>_*.txt``."""
    notify(
        recipients=selectors.application_contacts(app),
        kind=kind,
        template=f"grants/mail/{template}",
        context={"application": app, **(context or {})},
        link=reverse("grants:application-detail", args=[app.public_id]),
    )
