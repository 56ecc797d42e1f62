"""Pages for the public and for applicants."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import request_user, user_can
from socius.core.cache import public_page
from socius.core.csv_export import csv_response
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.journeys import redirect_with_return
from socius.core.models import Organisation
from socius.core.roles import Capability
from socius.grants import selectors, services
from socius.grants.access import APPLICANT_ROLES, application_for_applicant
from socius.grants.forms import (
    ApplicationForm,
    BudgetFormSet,
    MessageForm,
    ReportForm,
    SpendingFormSet,
    application_initial,
    lines_edited,
    lines_from,
    lines_initial,
)
from socius.grants.gates import gate_label
from socius.grants.letters import decision_letter_pdf
from socius.grants.models import Application, Round
from socius.grants.services.decisions import report_overdue
from socius.grants.workflows import ApplicationState

if TYPE_CHECKING:
    from socius.accounts.models import User


@public_page()
def round_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grants/round_list.html",
        {
            "rounds": selectors.round_list_public(),
            "can_review": user_can(request.user, Capability.GRANTS_REVIEW),
            "can_manage": user_can(request.user, Capability.GRANTS_MANAGE),
        },
    )


def _public_round(slug: str) -> Round:
    round_ = selectors.round_public(slug)
    if round_ is None:
        raise Http404
    return round_


@public_page()
def round_detail(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = _public_round(slug)
    return render(
        request,
        "grants/round_detail.html",
        {
            "round": round_,
            "criteria": round_.criteria.all(),
            "minimums": round_.theme_minimums.select_related("theme"),
        },
    )


@public_page()
def round_report(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = _public_round(slug)
    if not selectors.round_report_published(round_):
        raise Http404
    rows = selectors.round_report(round_)
    total = sum((r["granted"] for r in rows), Decimal(0))
    return render(
        request, "grants/round_report.html", {"round": round_, "rows": rows, "total": total}
    )


def round_report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = _public_round(slug)
    if not selectors.round_report_published(round_):
        raise Http404
    # Open data: fixed column names (as the allocation API's), the same in every language.
    return csv_response(
        filename=f"{round_.slug}-fordeling.csv",
        header=["organisation", "cvr", "aktivitet", "tema", "ansoegt_kr", "bevilget_kr", "score"],
        rows=(
            [
                row["organisation"],
                row["cvr"],
                row["title"],
                row["theme"],
                row["requested"],
                row["granted"],
                "" if row["score"] is None else f"{row['score']:.2f}",
            ]
            for row in selectors.round_report(round_)
        ),
    )


def _applicant_organisations(user: User) -> Any:
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role__in=APPLICANT_ROLES)
        .distinct()
        .order_by("name")
    )


def _save_application(request: HttpRequest, round_: Round, app: Application | None) -> HttpResponse:
    user = request_user(request)
    fields = list(round_.form_fields.all())
    initial = application_initial(app) if app else None
    form = ApplicationForm(
        request.POST or None,
        initial=initial,
        organisations=_applicant_organisations(user),
        form_fields=fields,
    )
    if request.method == "POST":
        budget = BudgetFormSet(request.POST, prefix="budget")
        lines = lines_edited(request.POST, "budget", BudgetFormSet.max_num)
        if lines is not None:  # "Add a line" or "Remove": show the form again, save nothing
            form = ApplicationForm(
                initial=request.POST.dict(),
                organisations=_applicant_organisations(user),
                form_fields=fields,
            )
            budget = BudgetFormSet(prefix="budget", initial=lines)
    else:
        budget = BudgetFormSet(
            prefix="budget", initial=lines_initial(app.budget_items if app else None)
        )
    if form.is_bound and form.is_valid() and budget.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        for name, _key in form.question_keys:
            data.pop(name, None)
        data["answers"] = form.answers()
        data["budget_items"] = lines_from(budget)
        try:
            if app is None:
                app = services.application_create(
                    actor=user, round_=round_, organisation=organisation, **data
                )
            else:
                services.application_update(actor=user, app=app, **data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The draft was saved. Submit it when it is ready."))
            return redirect(app)
    return render(
        request,
        "grants/application_edit.html",
        {"round": round_, "form": form, "budget": budget, "application": app},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, slug: str) -> HttpResponse:
    round_ = _public_round(slug)
    if not _applicant_organisations(request_user(request)).exists():
        messages.info(
            request,
            _(
                "Only contacts and board members of an organisation can apply. Register your organisation first."
            ),
        )
        return redirect_with_return(request, "core:organisation-create")
    return _save_application(request, round_, None)


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    if app.state != ApplicationState.DRAFT:
        messages.error(request, _("Only drafts can be changed."))
        return redirect(app)
    return _save_application(request, app.round, app)


@login_required
def application_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    return render(
        request,
        "grants/application_detail.html",
        {
            "application": app,
            "checks": [(c, gate_label(c.gate)) for c in app.gate_checks.all()],
            "messages_list": app.messages.select_related("author"),
            "message_form": MessageForm(),
            "report_overdue": report_overdue(app),
            "report": getattr(app, "report", None)
            if app.state == ApplicationState.GRANTED
            else None,
        },
    )


@login_required
def application_mine(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    apps = (
        Application.objects.filter(Q(organisation__in=_applicant_organisations(user)))
        .select_related("round", "organisation")
        .order_by("-created_at")
    )
    return render(request, "grants/application_mine.html", {"applications": apps})


@login_required
@require_POST
def application_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    try:
        services.application_submit(actor=request_user(request), app=app)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The application was submitted. You will hear from us by e-mail.")
        )
    return redirect(app)


@login_required
@require_POST
def application_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    service_call_with_feedback(
        request,
        lambda: services.application_withdraw(actor=request_user(request), app=app),
        _("The application was withdrawn."),
    )
    return redirect(app)


@login_required
@require_POST
def application_message(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        services.message_send(actor=request_user(request), app=app, body=form.cleaned_data["body"])
        messages.success(request, _("Your answer was sent."))
    else:
        messages.error(request, _("Write a message of at most 5,000 characters."))
    return redirect(app)


@login_required
def application_letter(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    if app.state not in {ApplicationState.GRANTED, ApplicationState.REJECTED}:
        raise Http404
    response = HttpResponse(decision_letter_pdf(app), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="afgoerelse-{app.public_id}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def application_report(request: HttpRequest, public_id: str) -> HttpResponse:
    app = application_for_applicant(user=request_user(request), public_id=public_id)
    if app.state != ApplicationState.GRANTED:
        raise Http404
    form = ReportForm(request.POST or None)
    spending = SpendingFormSet(request.POST or None, prefix="spending")
    lines = lines_edited(request.POST, "spending", SpendingFormSet.max_num)
    if lines is not None:  # "Add a line" or "Remove": show the form again, save nothing
        form = ReportForm(initial=request.POST.dict())
        spending = SpendingFormSet(prefix="spending", initial=lines)
    if form.is_bound and form.is_valid() and spending.is_valid():
        items = lines_from(spending)
        try:
            services.report_submit(
                actor=request_user(request), app=app, spending_items=items, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. The report was submitted."))
            return redirect(app)
    return render(
        request,
        "grants/application_report.html",
        {"application": app, "form": form, "spending": spending},
    )
