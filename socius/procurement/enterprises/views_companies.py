"""Pages of the municipality's own companies (assessment, plan, yearly review) and of
spin-offs (the checklist signed off step by step, the history). Public to read; changes need
the capability ``procurement.companies`` (403 without it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from socius.core.access import capability_required, request_user, user_can
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.models import MunicipalSpace
from socius.core.roles import Capability
from socius.procurement.enterprises import access, selectors, services
from socius.procurement.enterprises.forms import (
    AssessmentForm,
    CompanyForm,
    PlanStepForm,
    SpinOffForm,
    StepSignForm,
)
from socius.procurement.enterprises.models import (
    CHECKLIST_KEYS,
    SPINOFF_CHECKLIST,
    Criterion,
    MunicipalCompany,
    SpinOff,
)

CAP = Capability.PROCUREMENT_COMPANIES


@require_safe
def company_list(request: HttpRequest, space: str) -> HttpResponse:
    """The municipality's own companies with their latest assessment."""
    municipal = access.space_for_view(slug=space)
    today = timezone.localdate()
    companies = [
        (c, next(iter(c.assessments.all()), None), selectors.company_review_is_due(c, today=today))
        for c in selectors.company_list(space=municipal)
    ]
    return render(
        request,
        "procurement_enterprises/company_list.html",
        {"space": municipal, "companies": companies, "can_manage": user_can(request.user, CAP)},
    )


@capability_required(CAP)
@require_http_methods(["GET", "POST"])
def company_create(request: HttpRequest, space: str) -> HttpResponse:
    municipal = access.space_for_view(slug=space)
    form = CompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            company = services.company_create(
                actor=request_user(request), space=municipal, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The company was added. Now assess it."))
            return redirect(company.get_absolute_url())
    return render(
        request,
        "procurement_enterprises/company_create.html",
        {"space": municipal, "form": form},
        status=400 if form.is_bound else 200,
    )


def _company_page(
    request: HttpRequest,
    company: MunicipalCompany,
    *,
    assessment_form: Form | None = None,
    plan_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    can_manage = user_can(request.user, CAP)
    assessments = list(company.assessments.all())
    return render(
        request,
        "procurement_enterprises/company_detail.html",
        {
            "space": company.space,
            "company": company,
            "assessments": assessments,
            "plan": list(company.plan.all()),
            "review_due": selectors.company_review_is_due(company, today=today),
            "can_manage": can_manage,
            "assessment_form": assessment_form
            or (AssessmentForm(initial={"year": today.year}) if can_manage else None),
            "plan_form": plan_form or (PlanStepForm() if can_manage else None),
            "criteria": Criterion.choices,
        },
        status=status,
    )


@require_safe
def company_detail(request: HttpRequest, space: str, slug: str) -> HttpResponse:
    """A company's assessments against the five criteria, year by year, and its plan."""
    municipal = access.space_for_view(slug=space)
    return _company_page(request, access.company_for_view(space=municipal, slug=slug))


@capability_required(CAP)
@require_POST
def company_assess(request: HttpRequest, space: str, slug: str) -> HttpResponse:
    municipal = access.space_for_view(slug=space)
    company = access.company_for_view(space=municipal, slug=slug)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.company_assess(
                actor=request_user(request),
                company=company,
                year=form.cleaned_data["year"],
                answers=form.answers(),
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The assessment was saved. The next review is in a year."))
            return redirect(company.get_absolute_url())
    return _company_page(request, company, assessment_form=form, status=400)


@capability_required(CAP)
@require_POST
def plan_step_add(request: HttpRequest, space: str, slug: str) -> HttpResponse:
    municipal = access.space_for_view(slug=space)
    company = access.company_for_view(space=municipal, slug=slug)
    form = PlanStepForm(request.POST)
    if form.is_valid():
        try:
            services.plan_step_add(
                actor=request_user(request), company=company, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The change was added to the plan."))
            return redirect(company.get_absolute_url())
    return _company_page(request, company, plan_form=form, status=400)


@capability_required(CAP)
@require_POST
def plan_step_done(request: HttpRequest, space: str, slug: str, step_id: int) -> HttpResponse:
    municipal = access.space_for_view(slug=space)
    company = access.company_for_view(space=municipal, slug=slug)
    step = access.plan_step_for_edit(company=company, step_id=step_id)
    try:
        services.plan_step_done(actor=request_user(request), step=step)
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("The change is marked done."))
    return redirect(company.get_absolute_url())


# --- Spin-offs ----------------------------------------------------------------------------


@require_safe
def spinoff_list(request: HttpRequest, space: str) -> HttpResponse:
    """The spin-off guide and the municipality's spin-offs with their progress."""
    municipal = access.space_for_view(slug=space)
    total = len(SPINOFF_CHECKLIST)
    spin_offs = [(s, len(s.steps.all())) for s in selectors.spinoff_list(space=municipal)]
    return render(
        request,
        "procurement_enterprises/spinoff_list.html",
        {
            "space": municipal,
            "spin_offs": spin_offs,
            "total": total,
            "checklist": SPINOFF_CHECKLIST,
            "can_manage": user_can(request.user, CAP),
        },
    )


@capability_required(CAP)
@require_http_methods(["GET", "POST"])
def spinoff_create(request: HttpRequest, space: str) -> HttpResponse:
    municipal = access.space_for_view(slug=space)
    form = SpinOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            spin_off = services.spinoff_create(
                actor=request_user(request), space=municipal, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The spin-off was started."))
            return redirect(spin_off.get_absolute_url())
    return render(
        request,
        "procurement_enterprises/spinoff_create.html",
        {"space": municipal, "form": form},
        status=400 if form.is_bound else 200,
    )


def _spinoff_page(
    request: HttpRequest,
    spin_off: SpinOff,
    *,
    bound: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = user_can(request.user, CAP)
    rows = []
    for row in selectors.spinoff_checklist(spin_off):
        form = None
        if can_manage and row.signed is None:
            if bound is not None and bound[0] == row.step.key:
                form = bound[1]
            else:
                form = StepSignForm(prefix=row.step.key)
        rows.append((row, form))
    return render(
        request,
        "procurement_enterprises/spinoff_detail.html",
        {
            "space": spin_off.space,
            "spin_off": spin_off,
            "rows": rows,
            "signed": sum(1 for row, _f in rows if row.signed is not None),
            "total": len(rows),
            "events": list(spin_off.events.all()),
            "can_manage": can_manage,
        },
        status=status,
    )


@require_safe
def spinoff_detail(request: HttpRequest, space: str, slug: str) -> HttpResponse:
    """A spin-off's checklist with who signed off each step, and its history."""
    municipal = access.space_for_view(slug=space)
    return _spinoff_page(request, access.spinoff_for_view(space=municipal, slug=slug))


@capability_required(CAP)
@require_POST
def spinoff_step_sign(request: HttpRequest, space: str, slug: str, step: str) -> HttpResponse:
    municipal: MunicipalSpace = access.space_for_view(slug=space)
    spin_off = access.spinoff_for_view(space=municipal, slug=slug)
    if step not in CHECKLIST_KEYS:
        raise Http404
    form = StepSignForm(request.POST, prefix=step)
    if form.is_valid():
        try:
            services.spinoff_step_sign(
                actor=request_user(request), spin_off=spin_off, step=step, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The step is signed off."))
            return redirect(spin_off.get_absolute_url())
    spin_off = access.spinoff_for_view(space=municipal, slug=slug)
    return _spinoff_page(request, spin_off, bound=(step, form), status=400)
