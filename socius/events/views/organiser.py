"""Organisers' pages: their events, creating and editing an event, its programme, speakers
and registration questions, publishing and cancelling. Who may: ``access.py`` (404 for an
event a person does not manage; 403 on the pages to create, for people who organise nothing).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import request_user, user_can
from socius.core.feedback import (
    form_service_call,
    service_call_with_feedback,
    service_error_to_form,
)
from socius.core.roles import Capability
from socius.events import selectors, services_events
from socius.events.access import event_for_manage
from socius.events.forms_pages import CancelForm, EventForm, QuestionForm, SessionForm, SpeakerForm
from socius.events.models import Event, Question, Session, Speaker


def _require_organiser(request: HttpRequest) -> None:
    if not selectors.can_organise(request.user):
        raise PermissionDenied


@login_required
def organiser_list(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    user = request_user(request)
    events = selectors.event_list_for_organiser(user=user)
    # Staff keep every speaker; an organisation's contacts edit theirs from the programme.
    speakers = selectors.speaker_list_all() if user_can(user, Capability.EVENTS_MANAGE) else []
    return render(request, "events/organiser_list.html", {"events": events, "speakers": speakers})


def _event_form_page(
    request: HttpRequest, form: EventForm, event: Event | None = None
) -> HttpResponse:
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    user = request_user(request)
    form = EventForm(request.POST or None, user=user, initial={"offer_hours": 24})
    if response := form_service_call(
        request,
        form,
        lambda _data: services_events.event_create(actor=user, **form.service_fields()),
        _("The event is saved as a draft."),
        lambda event: redirect("events:event-manage", event.slug),
    ):
        return response
    return _event_form_page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    form = EventForm(request.POST or None, user=user, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            services_events.event_update(actor=user, event=event, **form.service_fields())
        except ValidationError as exc:
            service_error_to_form(form, exc)
        except PermissionDenied:
            form.add_error("organiser", _("You cannot move the event to that organiser."))
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:event-manage", event.slug)
    return _event_form_page(request, form, event)


@login_required
def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_manage(user=request_user(request), slug=slug)
    return render(
        request,
        "events/event_manage.html",
        {
            "event": event,
            "sessions": selectors.event_sessions(event),
            "questions": event.questions.all(),
            "can_manage": True,
        },
    )


@login_required
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    service_call_with_feedback(
        request,
        lambda: services_events.event_publish(actor=user, event=event),
        _("The event is published in the calendar."),
    )
    return redirect("events:event-manage", event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    form = CancelForm(request.POST or None)
    if response := form_service_call(
        request,
        form,
        lambda data: services_events.event_cancel(actor=user, event=event, reason=data["reason"]),
        _("The event is cancelled and everyone registered is told."),
        lambda _saved: redirect("events:event-manage", event.slug),
    ):
        return response
    return render(request, "events/event_cancel.html", {"event": event, "form": form})


# --- Programme --------------------------------------------------------------------------------
def _session_of(event: Event, pk: int) -> Session:
    session = event.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def _session_page(
    request: HttpRequest, event: Event, session: Session | None, form: SessionForm
) -> HttpResponse:
    return render(
        request, "events/session_form.html", {"event": event, "session": session, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    initial = {"starts_at": event.starts_at, "ends_at": event.ends_at}
    form = SessionForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda _data: services_events.session_create(
            actor=user, event=event, **form.service_fields()
        ),
        _("The programme item is added."),
        lambda _saved: redirect("events:event-manage", event.slug),
    ):
        return response
    return _session_page(request, event, None, form)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    session = _session_of(event, pk)
    links = list(session.speaker_links.all())
    initial = {
        "title": session.title,
        "description": session.description,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "room": session.room,
        "speakers": [link.speaker_id for link in links],
        "part": links[0].part if links else "speaker",
    }
    form = SessionForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda _data: services_events.session_update(
            actor=user, session=session, **form.service_fields()
        ),
        _("The programme item is saved."),
        lambda _saved: redirect("events:event-manage", event.slug),
    ):
        return response
    return _session_page(request, event, session, form)


@login_required
@require_POST
def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    session = _session_of(event, pk)
    services_events.session_delete(actor=user, session=session)
    messages.success(request, _("The programme item is removed."))
    return redirect("events:event-manage", event.slug)


# --- Speakers ---------------------------------------------------------------------------------
def _speaker_page(request: HttpRequest, form: SpeakerForm, speaker: Speaker | None) -> HttpResponse:
    back = request.GET.get("arrangement", "")
    return render(
        request, "events/speaker_form.html", {"form": form, "speaker": speaker, "back": back}
    )


def _speaker_fields(form: SpeakerForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.fields}


@login_required
@require_http_methods(["GET", "POST"])
def speaker_create(request: HttpRequest) -> HttpResponse:
    _require_organiser(request)
    user = request_user(request)
    form = SpeakerForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            speaker = services_events.speaker_create(actor=user, **_speaker_fields(form))
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The speaker is saved. Add them to a programme item."))
            event = Event.objects.filter(slug=request.GET.get("arrangement", "")).first()
            if event is not None:
                return redirect("events:session-create", event.slug)
            return redirect("events:speaker-edit", speaker.slug)
    return _speaker_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def speaker_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    speaker = Speaker.objects.filter(slug=slug).first()
    if speaker is None or not selectors.can_organise(user):
        raise Http404
    if not services_events.speaker_can_edit(user=user, speaker=speaker):
        raise PermissionDenied
    form = SpeakerForm(request.POST or None, user=user, instance=speaker)
    if response := form_service_call(
        request,
        form,
        lambda _data: services_events.speaker_update(
            actor=user, speaker=speaker, **_speaker_fields(form)
        ),
        _("The speaker is saved."),
        lambda _saved: redirect("events:speaker-edit", speaker.slug),
    ):
        return response
    return _speaker_page(request, form, speaker)


# --- Registration questions -------------------------------------------------------------------
def _question_of(event: Event, pk: int) -> Question:
    question = event.questions.filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    form = QuestionForm(request.POST or None)
    if response := form_service_call(
        request,
        form,
        lambda data: services_events.question_create(actor=user, event=event, **data),
        _("The question is added to the registration form."),
        lambda _saved: redirect("events:event-manage", event.slug),
    ):
        return response
    return render(request, "events/question_form.html", {"event": event, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    question = _question_of(event, pk)
    initial = {"text": question.text, "required": question.required}
    form = QuestionForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services_events.question_update(actor=user, question=question, **data),
        _("The question is saved."),
        lambda _saved: redirect("events:event-manage", event.slug),
    ):
        return response
    return render(
        request, "events/question_form.html", {"event": event, "form": form, "question": question}
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    question = _question_of(event, pk)
    service_call_with_feedback(
        request,
        lambda: services_events.question_delete(actor=user, question=question),
        _("The question is removed."),
    )
    return redirect("events:event-manage", event.slug)
