"""Writes to advice requests: submitting, assigning, messages, notes, closing, guides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.advice import selectors
from socius.advice.audit import (
    AUDIT_GUIDE_DRAFTED,
    AUDIT_MESSAGE_SENT,
    AUDIT_NOTE_ADDED,
    AUDIT_REQUEST_ASSIGNED,
    AUDIT_REQUEST_SUBMITTED,
)
from socius.advice.deadlines import response_due
from socius.advice.mail import MAIL_ASSIGNED, MAIL_QUEUE, MAIL_REQUEST
from socius.advice.models import AdviceMessage, AdviceNote, AdviceRequest, Outcome, Size, Want
from socius.advice.workflows import REQUEST_WORKFLOW, RequestState
from socius.core.access import user_acts_for_organisation, user_can
from socius.core.audit import audit_record
from socius.core.calendar import add_months
from socius.core.mail import notify
from socius.core.models import Organisation, Theme
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User


FOLLOW_UP_MONTHS = 3
MAX_TEXT = 5000


def _text(value: str, *, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(_("Write a text."))
    if len(text) > limit or "\x00" in text:
        raise ValidationError(_("The text is too long or contains characters we cannot store."))
    return text


@transaction.atomic
def request_submit(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    wants: list[str],
    themes: list[Theme],
    target_group: str,
    size: str,
    description: str,
) -> AdviceRequest:
    """Ask for advice on behalf of an organisation the actor is a contact or board member of."""
    if not user_acts_for_organisation(actor, organisation.pk):
        raise PermissionDenied
    wants = [w for w in Want.values if w in set(wants)]
    if not wants:
        raise ValidationError({"wants": _("Choose at least one thing you want help with.")})
    if size not in Size.values:
        raise ValidationError({"size": _("Choose a size.")})
    now = timezone.now()
    request = AdviceRequest(
        organisation=organisation,
        created_by=actor,
        title=title,
        wants=wants,
        target_group=target_group,
        size=size,
        description=_text(description),
        submitted_at=now,
        response_due=response_due(now),
    )
    request.full_clean()
    request.save()
    request.themes.set(themes)
    audit_record(
        actor=actor,
        action=AUDIT_REQUEST_SUBMITTED,
        target=request,
        data={"organisation": organisation.pk, "response_due": request.response_due},
    )
    _notify_organisation(request, "received")
    notify(
        recipients=selectors.advisors(),
        kind=MAIL_QUEUE,
        template="advice/mail/new_request",
        context={"request": request},
        link=reverse("advice:advisor-request", args=[request.public_id]),
    )
    return request


@transaction.atomic
def request_assign(*, actor: User, request: AdviceRequest, advisor: User) -> AdviceRequest:
    """Give the request to an advisor: to oneself, or to a colleague who works the queue."""
    if not user_can(actor, Capability.ADVICE_HANDLE):
        raise PermissionDenied
    if advisor is None or not user_can(advisor, Capability.ADVICE_HANDLE):
        raise ValidationError(_("Only advisors can be given a request."))
    if not request.is_open:
        raise ValidationError(_("The request is closed."))
    before = request.assigned_to_id
    request.assigned_to = advisor
    request.save(update_fields=["assigned_to", "updated_at"])
    audit_record(
        actor=actor,
        action=AUDIT_REQUEST_ASSIGNED,
        target=request,
        data={"from": before, "to": advisor.pk},
    )
    if request.state == RequestState.NEW:
        REQUEST_WORKFLOW.apply(actor=actor, obj=request, name="start")
    if advisor.pk != actor.pk:
        notify(
            recipients=[advisor],
            kind=MAIL_ASSIGNED,
            template="advice/mail/assigned",
            context={"request": request, "by": actor},
            link=reverse("advice:advisor-request", args=[request.public_id]),
        )
    return request


@transaction.atomic
def request_start(*, actor: User, request: AdviceRequest) -> None:
    """An advisor takes the request up without writing to the organisation yet."""
    REQUEST_WORKFLOW.apply(actor=actor, obj=request, name="start")


@transaction.atomic
def message_send(
    *, actor: User, request: AdviceRequest, body: str, as_advisor: bool
) -> AdviceMessage:
    """A message between advisor and organisation; the other side is told by e-mail.

    An advisor's first message is the first answer the deadline measures, and it gives an
    unassigned request to that advisor."""
    if as_advisor and not user_can(actor, Capability.ADVICE_HANDLE):
        raise PermissionDenied
    if not as_advisor and not user_acts_for_organisation(actor, request.organisation_id):
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError(
            _("The request is closed. Ask for advice again if you need more help.")
        )
    message = AdviceMessage.objects.create(
        request=request, author=actor, from_advisor=as_advisor, body=_text(body)
    )
    if as_advisor:
        changes: dict[str, Any] = {}
        if request.first_response_at is None:
            changes["first_response_at"] = message.created_at
        if request.assigned_to_id is None:
            changes["assigned_to"] = actor
        REQUEST_WORKFLOW.apply(
            actor=actor, obj=request, name="answer", changes=changes, data={"message": message.pk}
        )
        _notify_organisation(request, "answer")
    else:
        audit_record(
            actor=actor, action=AUDIT_MESSAGE_SENT, target=request, data={"message": message.pk}
        )
        if request.state == RequestState.AWAITING_ORGANISATION:
            REQUEST_WORKFLOW.apply(
                actor=actor, obj=request, name="reply", data={"message": message.pk}
            )
        recipients = [request.assigned_to] if request.assigned_to else selectors.advisors()
        notify(
            recipients=recipients,
            kind=MAIL_ASSIGNED,
            template="advice/mail/reply",
            context={"request": request},
            link=reverse("advice:advisor-request", args=[request.public_id]),
        )
    return message


@transaction.atomic
def note_add(*, actor: User, request: AdviceRequest, body: str) -> AdviceNote:
    """An internal note for the advisors. The organisation never sees it."""
    if not user_can(actor, Capability.ADVICE_HANDLE):
        raise PermissionDenied
    note = AdviceNote.objects.create(request=request, author=actor, body=_text(body))
    audit_record(actor=actor, action=AUDIT_NOTE_ADDED, target=request, data={"note": note.pk})
    return note


@transaction.atomic
def request_close(
    *,
    actor: User,
    request: AdviceRequest,
    outcome: str,
    people_reached: int | None,
    what_helped: str,
) -> AdviceRequest:
    """Close with an outcome; the follow-up survey goes out three months later."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if people_reached is not None and not 0 <= people_reached <= 1_000_000:
        raise ValidationError({"people_reached": _("Write a number from 0 to 1,000,000.")})
    closed_at = timezone.now()
    REQUEST_WORKFLOW.apply(
        actor=actor,
        obj=request,
        name="close",
        changes={
            "closed_at": closed_at,
            "outcome": outcome,
            "people_reached": people_reached,
            "what_helped": (what_helped or "").strip()[:3000],
            "follow_up_due": add_months(timezone.localdate(closed_at), FOLLOW_UP_MONTHS),
        },
        data={"outcome": outcome, "people_reached": people_reached},
    )
    _notify_organisation(request, "closed")
    return request


def _notify_organisation(request: AdviceRequest, template: str) -> None:
    notify(
        recipients=selectors.request_followers(request),
        kind=MAIL_REQUEST,
        template=f"advice/mail/{template}",
        context={"request": request},
        link=request.get_absolute_url(),
    )


@transaction.atomic
def request_reopen(*, actor: User, request: AdviceRequest) -> None:
    """Open a closed request again; its follow-up waits for the next closing."""
    REQUEST_WORKFLOW.apply(
        actor=actor,
        obj=request,
        name="reopen",
        changes={"closed_at": None, "follow_up_due": None},
    )


@transaction.atomic
def request_withdraw(*, actor: User, request: AdviceRequest) -> None:
    """The organisation no longer needs help."""
    REQUEST_WORKFLOW.apply(
        actor=actor, obj=request, name="withdraw", changes={"closed_at": timezone.now()}
    )


@transaction.atomic
def guide_draft_from_message(
    *,
    actor: User,
    message: AdviceMessage,
    title: str,
    summary: str,
    body: str,
    themes: list[Theme],
) -> Any:
    """Hand an advisor's answer, with personal data removed and checked by the advisor, to the
    editors as an unpublished guide draft."""
    if not user_can(actor, Capability.ADVICE_HANDLE):
        raise PermissionDenied
    if not message.from_advisor:
        raise ValidationError(_("Only an advisor's answer can become a guide."))
    if message.guide_reference:
        raise ValidationError(_("This answer has already been sent to the editors."))
    from socius.knowledge.services import guide_draft_create

    guide = guide_draft_create(
        title=title,
        summary=summary,
        body=body,
        themes=themes,
        created_by=actor,
        source_note=_("From a community-advice answer (personal data removed)."),
    )
    message.guide_reference = str(getattr(guide, "pk", guide))[:200]
    message.save(update_fields=["guide_reference"])
    audit_record(
        actor=actor,
        action=AUDIT_GUIDE_DRAFTED,
        target=message.request,
        data={"message": message.pk, "guide": message.guide_reference},
    )
    return guide
