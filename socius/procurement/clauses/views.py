"""Pages of the clause library, clauses on contracts and their follow-up."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from socius.core.access import capability_required, request_user, user_can
from socius.core.charts import bar_chart
from socius.core.feedback import service_error_to_form, service_error_to_messages
from socius.core.models import MunicipalSpace
from socius.core.roles import Capability
from socius.procurement.clauses import access, selectors, services
from socius.procurement.clauses.forms import (
    CategoryForm,
    ClauseVersionForm,
    ContractClauseForm,
    NonConformityForm,
    ReportForm,
    ResolveForm,
)
from socius.procurement.clauses.models import Category


@require_safe
def clause_list(request: HttpRequest) -> HttpResponse:
    """The public clause library."""
    clauses = list(selectors.clause_list())
    return render(request, "procurement_clauses/clause_list.html", {"clauses": clauses})


@require_safe
def clause_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One clause: its current text, legal basis, parameters, follow-up and its history."""
    clause = access.clause_for_view(slug=slug)
    versions = list(clause.versions.order_by("-number"))
    current = selectors.clause_current_version(clause=clause)
    return render(
        request,
        "procurement_clauses/clause_detail.html",
        {
            "clause": clause,
            "current": current,
            "versions": versions,
            "can_edit": user_can(request.user, Capability.PROCUREMENT_LIBRARY),
        },
    )


@capability_required(Capability.PROCUREMENT_LIBRARY)
@require_http_methods(["GET", "POST"])
def clause_version_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A new version of a clause (the earlier ones stay as they were)."""
    clause = access.clause_for_view(slug=slug)
    current = selectors.clause_current_version(clause=clause)
    initial = {}
    if current is not None:
        initial = {
            "legal_basis": current.legal_basis,
            "source_url": current.source_url,
            "text": current.text,
            "follow_up": current.follow_up,
            "report_every_months": current.report_every_months,
            "parameters": json.dumps(current.parameters, ensure_ascii=False, indent=2),
        }
    form = ClauseVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.clause_version_create(
                actor=request_user(request),
                clause=clause,
                legal_basis=data["legal_basis"],
                source_url=data["source_url"],
                text=data["text"],
                follow_up=data["follow_up"],
                report_every_months=data["report_every_months"],
                valid_from=data["valid_from"],
                parameters=data["parameters"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The new version is published."))
            return redirect(clause.get_absolute_url())
    status = 400 if form.errors else 200
    return render(
        request,
        "procurement_clauses/clause_version_create.html",
        {"clause": clause, "form": form},
        status=status,
    )


@capability_required(Capability.PROCUREMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def contract_clause_add(request: HttpRequest, public_id: str) -> HttpResponse:
    """Put a clause on a contract: choose the kind (``?kategori=``), then set its parameters."""
    contract = access.contract_for_clauses(public_id=public_id)
    category = request.GET.get("kategori", "")
    if category not in Category.values:
        chooser = CategoryForm(request.GET if "kategori" in request.GET else None)
        if chooser.is_bound:
            chooser.is_valid()
        return render(
            request,
            "procurement_clauses/contract_clause_choose.html",
            {"contract": contract, "form": chooser},
            status=400 if chooser.is_bound else 200,
        )
    version = selectors.clause_version_for_category(category=category)
    if version is None:
        raise Http404
    form = ContractClauseForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_clause_add(
                actor=request_user(request),
                contract=contract,
                version=version,
                values=form.parameter_values(),
                sanctions_agreed=form.cleaned_data["sanctions_agreed"],
                sanction_terms=form.cleaned_data["sanction_terms"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                exc = ValidationError(
                    {(k if k in form.fields else "p_" + k): v for k, v in exc.error_dict.items()}
                )
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The clause is on the contract."))
            return redirect(contract.get_absolute_url())
    return render(
        request,
        "procurement_clauses/contract_clause_add.html",
        {"contract": contract, "version": version, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def obligation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One reporting period: targets, the report, its evidence and any non-conformity."""
    user = request_user(request)
    obligation = access.obligation_for_party(user=user, public_id=public_id)
    report = getattr(obligation, "report", None)
    contract = obligation.contract_clause.contract
    return render(
        request,
        "procurement_clauses/obligation_detail.html",
        {
            "obligation": obligation,
            "contract": contract,
            "report": report,
            "evidence": list(selectors.evidence_for_report(report=report)) if report else [],
            "is_buyer": selectors.user_is_buyer(user),
            "is_supplier": contract.supplier_id is not None
            and access.acts_for_supplier(user, contract),
        },
    )


@login_required
@require_safe
def supplier_home(request: HttpRequest) -> HttpResponse:
    """A supplier's periods across the organisations the person acts for, due ones first."""
    obligations = list(selectors.obligations_for_supplier(user=request_user(request)))
    return render(request, "procurement_clauses/supplier_home.html", {"obligations": obligations})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, public_id: str) -> HttpResponse:
    """The supplier files the report for one period, with evidence."""
    user = request_user(request)
    obligation = access.obligation_for_supplier(user=user, public_id=public_id)
    if hasattr(obligation, "report"):
        messages.info(request, _("A report for this period has already been submitted."))
        return redirect("procurement_clauses:obligation-detail", obligation.public_id)
    form = ReportForm(request.POST or None, request.FILES or None, obligation=obligation)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_submit(
                actor=user,
                obligation=obligation,
                counts=form.counts(),
                comment=form.cleaned_data["comment"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. The report is sent to the municipality."))
            return redirect("procurement_clauses:supplier-home")
    return render(
        request,
        "procurement_clauses/report_create.html",
        {"obligation": obligation, "contract": obligation.contract_clause.contract, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, public_id: str) -> HttpResponse:
    """The buyer approves a report or raises a non-conformity."""
    user = request_user(request)
    report = access.report_for_review(user=user, public_id=public_id)
    contract_clause = report.obligation.contract_clause
    form = NonConformityForm(
        request.POST if request.POST.get("action") == "raise" else None,
        sanctions_agreed=contract_clause.sanctions_agreed,
        prefix="nc",
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "approve":
            try:
                services.report_approve(actor=user, report=report)
            except ValidationError as exc:
                service_error_to_messages(request, exc)
            else:
                messages.success(request, _("The report is approved."))
            return redirect("procurement_clauses:obligation-detail", report.obligation.public_id)
        if action == "raise" and form.is_valid():
            data = form.cleaned_data
            try:
                services.non_conformity_raise(
                    actor=user,
                    report=report,
                    finding=data["finding"],
                    remedy=data["remedy"],
                    remedy_due_on=data["remedy_due_on"],
                    sanction_ore=form.sanction_ore() if "sanction" in form.fields else None,
                    sanction_note=data.get("sanction_note", ""),
                )
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, _("The non-conformity is registered."))
                return redirect(
                    "procurement_clauses:obligation-detail", report.obligation.public_id
                )
    return render(
        request,
        "procurement_clauses/report_review.html",
        {
            "report": report,
            "obligation": report.obligation,
            "contract": contract_clause.contract,
            "contract_clause": contract_clause,
            "evidence": list(selectors.evidence_for_report(report=report)),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def non_conformity_resolve(request: HttpRequest, public_id: str) -> HttpResponse:
    """The buyer records how a non-conformity was resolved."""
    user = request_user(request)
    finding = access.non_conformity_for_buyer(user=user, public_id=public_id)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.non_conformity_resolve(
                actor=user, non_conformity=finding, resolution=form.cleaned_data["resolution"]
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The non-conformity is resolved."))
            return redirect(
                "procurement_clauses:obligation-detail", finding.report.obligation.public_id
            )
    return render(
        request,
        "procurement_clauses/non_conformity_resolve.html",
        {"finding": finding, "obligation": finding.report.obligation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def evidence_download(request: HttpRequest, public_id: str) -> FileResponse:
    """A document as a download, never shown inline: the buyer and the supplier only."""
    user = request_user(request)
    evidence = access.evidence_for_download(user=user, public_id=public_id)
    try:
        handle = evidence.file.open("rb")
    except OSError:
        raise Http404 from None
    services.evidence_download_record(actor=user, evidence=evidence)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"bilag-{evidence.public_id}.{evidence.extension}",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def dashboard(request: HttpRequest, space: str) -> HttpResponse:
    """Per clause and department: contracts carrying it, complying, outcomes (public)."""
    municipal_space = get_object_or_404(
        MunicipalSpace.objects.select_related("municipality"), slug=space, participates=True
    )
    data = selectors.dashboard_for(space=municipal_space)
    totals = sorted(data.by_category.values(), key=lambda r: r.category_label)
    charts = []
    if totals:
        charts.append(
            bar_chart(
                title=_("Contracts with each kind of clause"),
                description=_("Number of contracts that carry each kind of social clause."),
                label_title=_("Clause"),
                value_title=_("Contracts"),
                data=[(row.category_label, row.contracts) for row in totals],
            )
        )
        charts.append(
            bar_chart(
                title=_("Outcomes from approved reports"),
                description=_(
                    "People in training and people employed from outside the labour market, "
                    "counted in approved reports."
                ),
                label_title=_("Outcome"),
                value_title=_("People"),
                data=[
                    (_("People in training"), sum(r.trainees for r in totals)),
                    (_("People employed"), sum(r.employed for r in totals)),
                ],
                color="#008139",
            )
        )
    is_buyer = selectors.user_is_buyer(request.user)
    waiting = nonconformities = None
    if is_buyer:
        waiting = list(selectors.reports_awaiting_review(space=municipal_space)[:50])
        nonconformities = list(selectors.non_conformities_open(space=municipal_space)[:50])
    return render(
        request,
        "procurement_clauses/dashboard.html",
        {
            "space": municipal_space,
            "rows": data.rows,
            "totals": totals,
            "charts": charts,
            "contract_clauses": list(
                selectors.contract_clauses_for_space(space=municipal_space)[:100]
            ),
            "waiting": waiting,
            "nonconformities": nonconformities,
        },
    )


@require_safe
def outcome(request: HttpRequest, public_id: str) -> HttpResponse:
    """What one clause on one contract achieved, in plain Danish: counts, never names."""
    contract_clause = access.contract_clause_for_outcome(public_id=public_id)
    result = selectors.outcomes_for(contract_clause=contract_clause)
    return render(
        request,
        "procurement_clauses/outcome.html",
        {
            "contract_clause": contract_clause,
            "contract": contract_clause.contract,
            "clause": contract_clause.version.clause,
            "outcome": result,
        },
    )
