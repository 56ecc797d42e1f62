"""The live debate: the audience's phone page, the screen for the room and its JSON.

Voting and writing need an account, as in the forum: one person, one vote. The pages work
as plain form posts; ``live.js`` sends the same posts with ``Accept: application/json`` and
gets the next statement back without a page load.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from socius.core.access import request_user
from socius.core.feedback import service_error_to_form
from socius.deliberation import selectors as deliberation
from socius.deliberation import services
from socius.deliberation.models import Vote
from socius.events.access import event_can_manage
from socius.events.live import selectors
from socius.events.live.access import live_event_for_public, live_event_for_vote
from socius.events.live.forms import LiveStatementForm, LiveVoteForm
from socius.events.models import Event


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _audience_url(event: Event) -> str:
    return reverse("event_live:audience", args=[event.slug]) + "#stem"


def _audience_context(
    request: HttpRequest, event: Event, statement_form: LiveStatementForm | None = None
) -> dict[str, Any]:
    conversation = event.conversation
    assert conversation is not None  # noqa: S101  (the access function guarantees it)
    context: dict[str, Any] = {
        "event": event,
        "conversation": conversation,
        "is_over": selectors.event_is_over(event),
        "can_manage": event_can_manage(user=request.user, event=event),
        "vote_choices": Vote.Value.choices,
        "statement_form": statement_form or LiveStatementForm(),
    }
    if request.user.is_authenticated:
        user = request_user(request)
        context["state"] = selectors.audience_state(conversation=conversation, user=user)
        context["role_question"] = deliberation.role_question_waiting_for(user=user)
    return context


@require_GET
def audience(request: HttpRequest, slug: str) -> HttpResponse:
    event = live_event_for_public(user=request.user, slug=slug)
    return render(request, "event_live/audience.html", _audience_context(request, event))


def _next_json(event: Event, request: HttpRequest, message: str) -> JsonResponse:
    conversation = event.conversation
    assert conversation is not None  # noqa: S101
    state = selectors.audience_state(conversation=conversation, user=request_user(request))
    statement = state.statement
    return JsonResponse(
        {
            "message": message,
            "statement": {"id": statement.pk, "text": statement.text} if statement else None,
            "voted": state.voted,
            "total": state.total,
            "progress": _("You have voted on %(voted)s of %(total)s statements.")
            % {"voted": state.voted, "total": state.total},
        }
    )


def _error(request: HttpRequest, event: Event, message: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return redirect(_audience_url(event))


@login_required
@require_POST
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    event = live_event_for_vote(user=request.user, slug=slug)
    conversation = event.conversation
    assert conversation is not None  # noqa: S101
    form = LiveVoteForm(request.POST)
    if not form.is_valid():
        return _error(request, event, _("Choose agree, disagree or pass."))
    statement = deliberation.statement_shown(
        conversation=conversation, statement_id=form.cleaned_data["statement"]
    )
    if statement is None:
        raise Http404
    user = request_user(request)
    try:
        services.vote_cast(actor=user, statement=statement, value=form.cleaned_data["value"])
    except ValidationError as exc:
        return _error(request, event, " ".join(exc.messages))
    # After the vote has committed, as in the forum: the question about the person's role
    # waits on the conversation page.
    services.role_question_after_vote(actor=user)
    message = _("Your vote was saved. Here is the next statement.")
    if _wants_json(request):
        return _next_json(event, request, message)
    messages.success(request, message)
    return redirect(_audience_url(event))


@login_required
@require_POST
def statement_add(request: HttpRequest, slug: str) -> HttpResponse:
    event = live_event_for_public(user=request.user, slug=slug)
    conversation = event.conversation
    assert conversation is not None  # noqa: S101
    form = LiveStatementForm(request.POST)
    if form.is_valid():
        try:
            statement = services.statement_add(
                actor=request_user(request),
                conversation=conversation,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            if statement.shown:
                message = _("Thank you. Your statement is shown to the others now.")
            else:
                message = _("Thank you. A moderator reads your statement before others see it.")
            if _wants_json(request):
                return JsonResponse({"message": message})
            messages.success(request, message)
            return redirect(reverse("event_live:audience", args=[event.slug]) + "#udsagn")
    if _wants_json(request):
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return JsonResponse({"error": " ".join(errors)}, status=400)
    return render(
        request,
        "event_live/audience.html",
        _audience_context(request, event, statement_form=form),
        status=400,
    )


@require_GET
def screen(request: HttpRequest, slug: str) -> HttpResponse:
    event = live_event_for_public(user=request.user, slug=slug)
    conversation = event.conversation
    assert conversation is not None  # noqa: S101
    return render(
        request,
        "event_live/screen.html",
        {"event": event, "state": selectors.screen_state(conversation)},
    )


@require_GET
def screen_data(request: HttpRequest, slug: str) -> JsonResponse:
    """The screen's figures as JSON, polled every 2 s: public, no person, kept per revision."""
    event = live_event_for_public(user=request.user, slug=slug)
    conversation = event.conversation
    assert conversation is not None  # noqa: S101
    response = JsonResponse(selectors.screen_state(conversation).as_json())
    response["Cache-Control"] = "no-store"
    return response
