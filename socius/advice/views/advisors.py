"""Pages for advisors: the queue, one request, guide drafts, and the service's dashboard."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

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
from socius.advice.services.requests import knowledge_available
from socius.core.access import request_user, user_can
from socius.core.charts import bar_chart
from socius.core.csv_safe import csv_safe
from socius.core.paging import page_with_query

QUEUE_PAGE_SIZE = 50


def _require(request: HttpRequest, capability: str) -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    _require(request, "advice.handle")
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    requests = selectors.request_queue(user=request.user, **filters)
    page, query = page_with_query(request, requests, QUEUE_PAGE_SIZE)
    return render(request, "advice/queue.html", {"form": form, "page": page, "query": query})


def _actions(
    request: HttpRequest, user: Any, advice: AdviceRequest
) -> tuple[dict[str, Any], Callable[[], Any] | None, str]:
    """The forms of the advisor's page, and the service call the posted one asks for."""
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post else ""
    forms = {
        "message": MessageForm(post if action == "message" else None, prefix="message"),
        "note": NoteForm(post if action == "note" else None, prefix="note"),
        "assign": AssignForm(
            post if action == "assign" else None,
            prefix="assign",
            advisors=selectors.advisor_choices(),
        ),
        "close": CloseForm(post if action == "close" else None, prefix="close"),
    }
    simple = {
        "assign_me": (
            lambda: services.request_assign(actor=user, request=advice, advisor=user),
            _("The request is yours now."),
        ),
        "reopen": (
            lambda: services.request_reopen(actor=user, request=advice),
            _("The request was opened again."),
        ),
    }
    if action in simple:
        return forms, *simple[action]
    form = forms.get(action)
    if form is None or not form.is_valid():
        return forms, None, ""
    data = form.cleaned_data
    calls: dict[str, tuple[Callable[[], Any], str]] = {
        "message": (
            lambda: services.message_send(
                actor=user, request=advice, body=data["body"], as_advisor=True
            ),
            _("Your answer was sent. The organisation is told by e-mail."),
        ),
        "note": (
            lambda: services.note_add(actor=user, request=advice, body=data["body"]),
            _("The note was saved."),
        ),
        "assign": (
            lambda: services.request_assign(actor=user, request=advice, advisor=data["advisor"]),
            _("The request was given to the advisor."),
        ),
        "close": (
            lambda: services.request_close(actor=user, request=advice, **data),
            _("The request was closed. The follow-up survey goes out in three months."),
        ),
    }
    return forms, *calls[action]


@login_required
@require_http_methods(["GET", "POST"])
def advisor_request(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    advice = request_for_advisor(user=user, public_id=public_id)
    forms, call, success = _actions(request, user, advice)
    if call is not None:
        try:
            call()
        except ValidationError as exc:
            action = request.POST.get("action", "")
            if action in forms:
                forms[action].add_error(None, exc)
            else:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
            return redirect("advice:advisor-request", public_id=advice.public_id)
    return render(
        request,
        "advice/advisor_request.html",
        {
            "advice": advice,
            "forms": forms,
            "thread": advice.messages.select_related("author"),
            "notes": advice.notes.select_related("author"),
            "deadline": deadline_status(advice),
            "knowledge": knowledge_available(),
        },
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
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The guide draft was sent to the editors. They publish it after review.")
            )
            return redirect("advice:advisor-request", public_id=advice.public_id)
    return render(
        request,
        "advice/guide_draft.html",
        {"advice": advice, "message": message, "form": form, "knowledge": knowledge_available()},
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


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "advice.dashboard")
    stats = selectors.advice_statistics()
    return render(request, "advice/dashboard.html", {"stats": stats, "charts": _charts(stats)})


@login_required
@require_GET
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's numbers as CSV: one row per (section, label, number)."""
    _require(request, "advice.dashboard")
    stats = selectors.advice_statistics()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="faellesskabsraadgivning-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Section"), _("Label"), _("Number")])
    sections = [
        (_("Theme"), stats.by_theme),
        (_("Kind of help"), stats.by_want),
        (_("First-answer deadline"), stats.by_deadline),
        (_("Outcome"), stats.by_outcome),
        (_("Follow-up"), stats.by_follow_up),
    ]
    for section, rows in sections:
        for label, number in rows:
            writer.writerow(csv_safe([section, label, number]))
    totals: list[tuple[str, Any]] = [
        (_("Requests"), stats.total),
        (_("Open requests"), stats.open),
        (_("People reached"), stats.people_reached),
        (_("Follow-up surveys sent"), stats.follow_ups_sent),
        (_("Follow-up surveys answered"), stats.follow_ups_answered),
        (_("Answers saying the advice helped"), stats.follow_up_helped),
        (_("Median working days to the first answer"), stats.median_response_days or ""),
    ]
    for label, number in totals:
        writer.writerow(csv_safe([_("Total"), label, number]))
    return response
