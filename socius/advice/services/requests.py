"""Writes to advice requests: submitting, assigning, messages, notes, closing, guides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.advice import notify
from socius.advice.deadlines import response_due
from socius.advice.models import AdviceMessage, AdviceNote, AdviceRequest, Outcome, Size, Want
from socius.advice.workflows import REQUEST_TRANSITIONS, RequestState
from socius.core.access import user_acts_for_organisation, user_can
from socius.core.audit import audit_record
from socius.core.calendar import add_months
from socius.core.models import Organisation, Theme
from socius.core.roles import Capability, StandIn

if TYPE_CHECKING:
    from socius.accounts.models import User


FOLLOW_UP_MONTHS = 3
MAX_TEXT = 5000


def _may(actor: User, request: AdviceRequest, capability: Capability | StandIn) -> bool:
    if isinstance(capability, Capability):
        return user_can(actor, capability)
    return user_acts_for_organisation(actor, request.organisation_id)


def _transition(actor: User, request: AdviceRequest, name: str, **data: Any) -> None:
    transition = REQUEST_TRANSITIONS[name]
    if not _may(actor, request, transition.capability):
        raise PermissionDenied
    if request.state not in transition.sources:
        raise ValidationError(_("The request cannot do that in its current state."))
    before, request.state = request.state, transition.target
    request.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action=f"advice.request.{name}",
        target=request,
        data={"from": before, "to": request.state, **data},
    )


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
        action="advice.request.submit",
        target=request,
        data={"organisation": organisation.pk, "response_due": request.response_due},
    )
    notify.mail_people(notify.organisation_people(request), "received", {"request": request})
    notify.mail_people(notify.advisors(), "new_request", {"request": request})
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
        action="advice.request.assign",
        target=request,
        data={"from": before, "to": advisor.pk},
    )
    if request.state == RequestState.NEW:
        _transition(actor, request, "start")
    if advisor.pk != actor.pk:
        notify.mail_people([advisor], "assigned", {"request": request, "by": actor})
    return request


@transaction.atomic
def request_start(*, actor: User, request: AdviceRequest) -> None:
    """An advisor takes the request up without writing to the organisation yet."""
    _transition(actor, request, "start")


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
        fields = ["updated_at"]
        if request.first_response_at is None:
            request.first_response_at = message.created_at
            fields.append("first_response_at")
        if request.assigned_to_id is None:
            request.assigned_to = actor
            fields.append("assigned_to")
        request.save(update_fields=fields)
        _transition(actor, request, "answer", message=message.pk)
        notify.mail_people(notify.organisation_people(request), "answer", {"request": request})
    else:
        audit_record(
            actor=actor, action="advice.message.send", target=request, data={"message": message.pk}
        )
        if request.state == RequestState.AWAITING_ORGANISATION:
            _transition(actor, request, "reply", message=message.pk)
        recipients = [request.assigned_to] if request.assigned_to else notify.advisors()
        notify.mail_people(recipients, "reply", {"request": request})
    return message


@transaction.atomic
def note_add(*, actor: User, request: AdviceRequest, body: str) -> AdviceNote:
    """An internal note for the advisors. The organisation never sees it."""
    if not user_can(actor, Capability.ADVICE_HANDLE):
        raise PermissionDenied
    note = AdviceNote.objects.create(request=request, author=actor, body=_text(body))
    audit_record(actor=actor, action="advice.note.add", target=request, data={"note": note.pk})
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
    _transition(actor, request, "close", outcome=outcome, people_reached=people_reached)
    request.closed_at = timezone.now()
    request.outcome, request.people_reached = outcome, people_reached
    request.what_helped = (what_helped or "").strip()[:3000]
    request.follow_up_due = add_months(timezone.localdate(request.closed_at), FOLLOW_UP_MONTHS)
    request.save(
        update_fields=[
            "closed_at",
            "outcome",
            "people_reached",
            "what_helped",
            "follow_up_due",
            "updated_at",
        ]
    )
    notify.mail_people(notify.organisation_people(request), "closed", {"request": request})
    return request


@transaction.atomic
def request_reopen(*, actor: User, request: AdviceRequest) -> None:
    """Open a closed request again; its follow-up waits for the next closing."""
    _transition(actor, request, "reopen")
    request.closed_at, request.follow_up_due = None, None
    request.save(update_fields=["closed_at", "follow_up_due", "updated_at"])


@transaction.atomic
def request_withdraw(*, actor: User, request: AdviceRequest) -> None:
    """The organisation no longer needs help."""
    _transition(actor, request, "withdraw")
    request.closed_at = timezone.now()
    request.save(update_fields=["closed_at", "updated_at"])


def knowledge_available() -> bool:
    """Whether the publications module that takes guide drafts is installed."""
    from django.apps import apps

    return apps.is_installed("socius.knowledge")


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
    if not knowledge_available():
        raise ValidationError(_("The knowledge base is not available yet."))
    from socius.knowledge.services import guide_draft_create  # type: ignore[import-not-found,unused-ignore]

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
        action="advice.message.guide_draft",
        target=message.request,
        data={"message": message.pk, "guide": message.guide_reference},
    )
    return guide
