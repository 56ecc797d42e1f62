"""Pages for advisors: the queue, one request, guide drafts, and the service's dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.advice import selectors, services
from socius.advice.access import request_for_advisor
from socius.advice.deadlines import deadline_status
from socius.advice.forms import (
    AssignForm,
    CloseForm,
    GuideDraftForm,
    MessageForm,
    NoteForm,
    QueueFilterForm,
)
from socius.advice.models import AdviceRequest
from socius.advice.redact import redact
from socius.core.access import capability_required, request_user
from socius.core.charts import bar_chart
from socius.core.csv_export import csv_response
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.paging import page_with_query
from socius.core.roles import Capability

if TYPE_CHECKING:
    from socius.accounts.models import User


QUEUE_PAGE_SIZE = 50


@capability_required(Capability.ADVICE_HANDLE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    requests = selectors.request_queue(user=request_user(request), **filters)
    page, query = page_with_query(request, requests, QUEUE_PAGE_SIZE)
    return render(request, "advice/queue.html", {"form": form, "page": page, "query": query})


def _request_page(
    request: HttpRequest, advice: AdviceRequest, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The advisor's page of one request, with ``bound`` forms shown with their errors."""
    page_forms: dict[str, forms.Form] = {
        "message": MessageForm(prefix="message"),
        "note": NoteForm(prefix="note"),
        "assign": AssignForm(prefix="assign", advisors=selectors.advisor_choices()),
        "close": CloseForm(prefix="close"),
        **(bound or {}),
    }
    return render(
        request,
        "advice/advisor_request.html",
        {
            "advice": advice,
            "forms": page_forms,
            "thread": advice.messages.select_related("author"),
            "notes": advice.notes.select_related("author"),
            "deadline": deadline_status(advice),
        },
    )


@login_required
@require_GET
def advisor_request(request: HttpRequest, public_id: str) -> HttpResponse:
    advice = request_for_advisor(user=request_user(request), public_id=public_id)
    return _request_page(request, advice)


# One POST URL per action on a request. ``form`` is None for a button without fields.
type AdvisorCall = Callable[[User, AdviceRequest, dict[str, Any]], object]


def _advisor_action(
    request: HttpRequest,
    public_id: str,
    call: AdvisorCall,
    success: str,
    *,
    name: str = "",
    form: forms.Form | None = None,
) -> HttpResponse:
    user = request_user(request)
    advice = request_for_advisor(user=user, public_id=public_id)
    if form is not None and not form.is_valid():
        return _request_page(request, advice, {name: form})
    try:
        call(user, advice, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        if form is None:
            service_error_to_messages(request, exc)
            return _request_page(request, advice)
        service_error_to_form(form, exc)
        return _request_page(request, advice, {name: form})
    messages.success(request, success)
    return redirect("advice:advisor-request", public_id=advice.public_id)


@login_required
@require_POST
def advisor_assign_me(request: HttpRequest, public_id: str) -> HttpResponse:
    return _advisor_action(
        request,
        public_id,
        lambda user, advice, _data: services.request_assign(
            actor=user, request=advice, advisor=user
        ),
        _("The request is yours now."),
    )


@login_required
@require_POST
def advisor_reopen(request: HttpRequest, public_id: str) -> HttpResponse:
    return _advisor_action(
        request,
        public_id,
        lambda user, advice, _data: services.request_reopen(actor=user, request=advice),
        _("The request was opened again."),
    )


@login_required
@require_POST
def advisor_message(request: HttpRequest, public_id: str) -> HttpResponse:
    return _advisor_action(
        request,
        public_id,
        lambda user, advice, data: services.message_send(
            actor=user, request=advice, body=data["body"], as_advisor=True
        ),
        _("Your answer was sent. The organisation is told by e-mail."),
        name="message",
        form=MessageForm(request.POST, prefix="message"),
    )


@login_required
@require_POST
def advisor_note(request: HttpRequest, public_id: str) -> HttpResponse:
    return _advisor_action(
        request,
        public_id,
        lambda user, advice, data: services.note_add(actor=user, request=advice, body=data["body"]),
        _("The note was saved."),
        name="note",
        form=NoteForm(request.POST, prefix="note"),
    )


@login_required
@require_POST
def advisor_assign(request: HttpRequest, public_id: str) -> HttpResponse:
    return _advisor_action(
        request,
        public_id,
        lambda user, advice, data: services.request_assign(
            actor=user, request=advice, advisor=data["advisor"]
        ),
        _("The request was given to the advisor."),
        name="assign",
        form=AssignForm(request.POST, prefix="assign", advisors=selectors.advisor_choices()),
    )


@login_required
@require_POST
def advisor_close(request: HttpRequest, public_id: str) -> HttpResponse:
    return _advisor_action(
        request,
        public_id,
        lambda user, advice, data: services.request_close(actor=user, request=advice, **data),
        _("The request was closed. The follow-up survey goes out in three months."),
        name="close",
        form=CloseForm(request.POST, prefix="close"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_draft(request: HttpRequest, public_id: str, message_id: int) -> HttpResponse:
    """Turn an advisor's answer into a guide draft: the redacted text is shown to edit first."""
    user = request_user(request)
    advice = request_for_advisor(user=user, public_id=public_id)
    message = advice.messages.filter(pk=message_id, from_advisor=True).first()
    if message is None:
        raise Http404
    organisations, people = selectors.names_to_redact(advice)
    initial = {
        "title": redact(advice.title, organisation_names=organisations, people=people),
        "summary": redact(
            " ".join(advice.description.split()[:40]),
            organisation_names=organisations,
            people=people,
        ),
        "body": redact(message.body, organisation_names=organisations, people=people),
        "themes": list(advice.themes.all()),
    }
    form = GuideDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_draft_from_message(actor=user, message=message, **form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("The guide draft was sent to the editors. They publish it after review.")
            )
            return redirect("advice:advisor-request", public_id=advice.public_id)
    return render(
        request,
        "advice/guide_draft.html",
        {"advice": advice, "message": message, "form": form},
    )


def _charts(stats: selectors.Statistics) -> list[Any]:
    count = _("Requests")
    return [
        bar_chart(
            title=_("Requests by theme"),
            description=_("How many requests concern each theme."),
            label_title=_("Theme"),
            value_title=count,
            data=stats.by_theme,
        ),
        bar_chart(
            title=_("Requests by kind of help"),
            description=_(
                "How many requests ask for each kind of help. A request may ask for several."
            ),
            label_title=_("Kind of help"),
            value_title=count,
            data=stats.by_want,
        ),
        bar_chart(
            title=_("First answer against the deadline"),
            description=_("How many requests were answered on time, late, or are still waiting."),
            label_title=_("First-answer deadline"),
            value_title=count,
            data=stats.by_deadline,
        ),
        bar_chart(
            title=_("Outcomes of closed requests"),
            description=_("How many closed requests created or strengthened a community."),
            label_title=_("Outcome"),
            value_title=count,
            data=stats.by_outcome,
        ),
        bar_chart(
            title=_("Follow-up three months later"),
            description=_(
                "How the communities were doing when the organisations answered the follow-up survey."
            ),
            label_title=_("Answer"),
            value_title=_("Answers"),
            data=stats.by_follow_up,
        ),
    ]


@capability_required(Capability.ADVICE_DASHBOARD)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    stats = selectors.advice_statistics()
    return render(request, "advice/dashboard.html", {"stats": stats, "charts": _charts(stats)})


@capability_required(Capability.ADVICE_DASHBOARD)
@require_GET
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's numbers as CSV: one row per (section, label, number)."""
    stats = selectors.advice_statistics()
    sections = [
        (_("Theme"), stats.by_theme),
        (_("Kind of help"), stats.by_want),
        (_("First-answer deadline"), stats.by_deadline),
        (_("Outcome"), stats.by_outcome),
        (_("Follow-up"), stats.by_follow_up),
    ]
    rows: list[list[Any]] = [
        [section, label, number] for section, numbers in sections for label, number in numbers
    ]
    totals: list[tuple[str, Any]] = [
        (_("Requests"), stats.total),
        (_("Open requests"), stats.open),
        (_("People reached"), stats.people_reached),
        (_("Follow-up surveys sent"), stats.follow_ups_sent),
        (_("Follow-up surveys answered"), stats.follow_ups_answered),
        (_("Answers saying the advice helped"), stats.follow_up_helped),
        (_("Median working days to the first answer"), stats.median_response_days or ""),
    ]
    rows += [[_("Total"), label, number] for label, number in totals]
    return csv_response(
        filename=f"faellesskabsraadgivning-{timezone.localdate().isoformat()}.csv",
        header=[_("Section"), _("Label"), _("Number")],
        rows=rows,
    )
