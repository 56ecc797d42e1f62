"""Pages after the event: the organiser's overview (materials, attendance), the minutes and
their approval, the survey and its results; the slides' downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socius.core.access import request_user
from socius.core.charts import bar_chart
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.plain_language import TARGET_FOR_EVERYONE, lix
from socius.events.access import event_for_manage
from socius.events.followup import selectors, services
from socius.events.followup.access import (
    material_for_download,
    material_for_manage,
    survey_invite_for_link,
)
from socius.events.followup.forms import MinutesForm, RecordingForm, SlidesForm, SurveyForm
from socius.events.followup.models import Minutes, MinutesState
from socius.events.followup.workflows import MINUTES_WORKFLOW
from socius.events.models import Event


def _manage_page(
    request: HttpRequest,
    event: Event,
    *,
    slides_form: Form | None = None,
    recording_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    minutes = selectors.minutes_for(event=event)
    return render(
        request,
        "event_followup/manage.html",
        {
            "event": event,
            "materials": selectors.material_list_for(event=event),
            "slides_form": slides_form or SlidesForm(),
            "recording_form": recording_form or RecordingForm(),
            "minutes": minutes,
            "publication": selectors.minutes_publication(minutes=minutes),
            "attendance": selectors.attendance_for(event),
        },
        status=status,
    )


@login_required
@require_safe
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's page after the event: materials, minutes, survey and attendance."""
    event = event_for_manage(user=request_user(request), slug=slug)
    return _manage_page(request, event)


@login_required
@require_POST
def slides_add(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    form = SlidesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_slides_add(
                actor=user,
                event=event,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            service_error_to_form(form, _file_errors(exc))
        else:
            messages.success(request, _("The slides were added."))
            return redirect("event_followup:manage", slug=event.slug)
    return _manage_page(request, event, slides_form=form, status=400)


def _file_errors(exc: ValidationError) -> ValidationError:
    # The checks speak of the file: show their words on the file field.
    if hasattr(exc, "error_dict"):
        return exc
    return ValidationError({"file": exc.messages})


@login_required
@require_POST
def recording_add(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    form = RecordingForm(request.POST)
    if form.is_valid():
        try:
            services.material_link_add(actor=user, event=event, **form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The link to the recording was added."))
            return redirect("event_followup:manage", slug=event.slug)
    return _manage_page(request, event, recording_form=form, status=400)


@login_required
@require_POST
def material_remove(request: HttpRequest, slug: str, material_id: int) -> HttpResponse:
    user = request_user(request)
    material = material_for_manage(user=user, slug=slug, material_id=material_id)
    services.material_remove(actor=user, material=material)
    messages.success(request, _("The material was removed."))
    return redirect("event_followup:manage", slug=slug)


@require_safe
def material_download(request: HttpRequest, slug: str, material_id: int) -> FileResponse:
    """The slides as a download; never shown inline, so a browser does not render them here."""
    material = material_for_download(user=request.user, slug=slug, material_id=material_id)
    try:
        handle = material.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{material.event.slug}-{material.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Minutes ------------------------------------------------------------------------------


def _minutes_page(
    request: HttpRequest, event: Event, minutes: Minutes | None, form: Form, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    summary = str(form["summary"].value() or "")
    can_approve = minutes is not None and any(
        t.name == "approve" for t in MINUTES_WORKFLOW.available(user, minutes)
    )
    return render(
        request,
        "event_followup/minutes_edit.html",
        {
            "event": event,
            "minutes": minutes,
            "form": form,
            "can_approve": can_approve,
            "is_draft": minutes is None or minutes.state == MinutesState.DRAFT,
            "publication": selectors.minutes_publication(minutes=minutes),
            **_lix_context(summary),
        },
        status=status,
    )


def _lix_context(summary: str) -> dict[str, Any]:
    return {"lix_result": lix(summary), "lix_target": TARGET_FOR_EVERYONE}


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Write or change the draft minutes and their summary (LIX shown as one types)."""
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    minutes = selectors.minutes_for(event=event)
    initial = {"text": minutes.text, "summary": minutes.summary} if minutes else None
    form = MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if minutes is not None and minutes.state != MinutesState.DRAFT:
            messages.error(
                request, _("The minutes have been approved and can no longer be changed.")
            )
            return redirect("event_followup:minutes-edit", slug=event.slug)
        if form.is_valid():
            try:
                services.minutes_save(actor=user, event=event, **form.cleaned_data)
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("The draft was saved. Another organiser of the event must approve it."),
                )
                return redirect("event_followup:minutes-edit", slug=event.slug)
        return _minutes_page(request, event, minutes, form, status=400)
    return _minutes_page(request, event, minutes, form)


@login_required
@require_POST
def minutes_lix(request: HttpRequest, slug: str) -> HttpResponse:
    """The LIX box for the summary being typed (static/event_followup/lix.js); stores nothing."""
    event_for_manage(user=request_user(request), slug=slug)
    summary = str(request.POST.get("summary", ""))[:3000]
    return render(request, "event_followup/includes/lix_box.html", _lix_context(summary))


@login_required
@require_POST
def minutes_approve(request: HttpRequest, slug: str) -> HttpResponse:
    """A second organiser approves the minutes; they are published to the knowledge hub.
    The author, or anyone who saved the draft last, gets 403 (the service decides)."""
    user = request_user(request)
    event = event_for_manage(user=user, slug=slug)
    minutes = selectors.minutes_for(event=event)
    if minutes is None:
        raise Http404
    try:
        services.minutes_approve(actor=user, minutes=minutes)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request, _("The minutes were approved and published in the knowledge hub.")
        )
    return redirect("event_followup:minutes-edit", slug=event.slug)


# --- Survey -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The three questions behind the participant's own link; no login (threat model in
    services.py)."""
    invite = survey_invite_for_link(slug=slug, token=token)
    if invite is None:
        return render(request, "event_followup/survey_invalid.html", status=404)
    event = invite.registration.event
    if invite.answered:
        return render(request, "event_followup/survey_answered.html", {"event": event}, status=410)
    form = SurveyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_answer(invite=invite, **form.cleaned_data)
            except services.SurveyAlreadyAnswered:
                return render(
                    request, "event_followup/survey_answered.html", {"event": event}, status=410
                )
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                return render(request, "event_followup/survey_thanks.html", {"event": event})
        return render(
            request, "event_followup/survey.html", {"event": event, "form": form}, status=400
        )
    return render(request, "event_followup/survey.html", {"event": event, "form": form})


@login_required
@require_safe
def survey_results(request: HttpRequest, slug: str) -> HttpResponse:
    """The survey's answers as counts with charts and their tables; free texts without names."""
    event = event_for_manage(user=request_user(request), slug=slug)
    results = selectors.survey_results_for(event=event)
    answers_title = _("Answers")
    usefulness = bar_chart(
        title=_("How useful was the event?"),
        description=_("Number of answers for each score from 1 (not useful) to 5 (very useful)."),
        label_title=_("Score"),
        value_title=answers_title,
        data=[(str(score), count) for score, count in results.usefulness],
    )
    again = bar_chart(
        title=_("Would you come again?"),
        description=_("Number of answers yes, maybe and no."),
        label_title=_("Answer"),
        value_title=answers_title,
        data=[(label, count) for _value, label, count in results.come_again],
    )
    return render(
        request,
        "event_followup/survey_results.html",
        {"event": event, "results": results, "charts": [usefulness, again]},
    )
