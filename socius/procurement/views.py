"""Pages of the contracts part. Each reads input, calls one access function and one
service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socius.core.access import request_user, user_acts_for_organisation
from socius.core.models import MunicipalSpace
from socius.procurement import access, selectors, services
from socius.procurement.forms import ContractFilterForm, ContractForm, DepartmentForm, ImportForm
from socius.procurement.imports import ImportFileError, decode
from socius.procurement.models import ContractImport
from socius.procurement.tasks import contract_import_run

PAGE = 50


def home(request: HttpRequest) -> HttpResponse:
    spaces = MunicipalSpace.objects.filter(participates=True).select_related("municipality")
    return render(request, "procurement/home.html", {"spaces": spaces})


def space_home(request: HttpRequest, space: str) -> HttpResponse:
    sp = access.space_public(slug=space)
    contracts = selectors.contract_list_for(space=sp)
    return render(
        request,
        "procurement/space_home.html",
        {
            "space": sp,
            "count": contracts.count(),
            # The newest contracts, one click from the municipality's procurement page.
            "latest": list(contracts.order_by("-created_at", "-id")[:5]),
            "can_manage": access.user_can_manage(request.user),
        },
    )


def contract_list(request: HttpRequest, space: str) -> HttpResponse:
    sp = access.space_public(slug=space)
    departments = list(selectors.department_list_for(space=sp))
    form = ContractFilterForm(request.GET or None, departments=departments)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    contracts = list(selectors.contract_list_for(space=sp, user=request.user, **filters)[:PAGE])
    return render(
        request,
        "procurement/contract_list.html",
        {
            "space": sp,
            "form": form,
            "contracts": contracts,
            "can_manage": access.user_can_manage(request.user),
        },
    )


def contract_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    contract = selectors.contract_for_view(user=request.user, public_id=public_id)
    return render(
        request,
        "procurement/contract_detail.html",
        {
            "contract": contract,
            "can_manage": access.user_can_manage(request.user),
            # The supplier's people report on the clauses from the supplier page.
            "acts_for_supplier": contract.supplier_id is not None
            and user_acts_for_organisation(request.user, contract.supplier_id),
        },
    )


@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest, space: str) -> HttpResponse:
    sp = access.space_for_manage(user=request.user, slug=space)
    form = ContractForm(request.POST or None, space=sp)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                actor=request.user, space=sp, **form.contract_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect(contract)
    return render(request, "procurement/contract_edit.html", {"space": sp, "form": form})


@require_http_methods(["GET", "POST"])
def contract_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    contract = access.contract_for_manage(user=request.user, public_id=public_id)
    initial = {
        "reference": contract.reference,
        "title": contract.title,
        "description": contract.description,
        "department": contract.department_id,
        "cpv_code": contract.cpv_code,
        "kind": contract.kind,
        "estimated_value": f"{contract.estimated_value_ore // 100},{contract.estimated_value_ore % 100:02d}",
        "performed_in_denmark": contract.performed_in_denmark,
        "duration_months": contract.duration_months,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "procedure": contract.procedure,
        "status": contract.status,
        "awarded_on": contract.awarded_on,
        "supplier_cvr": contract.supplier.cvr if contract.supplier else "",
    }
    form = ContractForm(request.POST or None, initial=initial, space=contract.space)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(
                actor=request.user, contract=contract, **form.contract_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect(contract)
    return render(
        request,
        "procurement/contract_edit.html",
        {"space": contract.space, "form": form, "contract": contract},
    )


@require_http_methods(["GET", "POST"])
def department_list(request: HttpRequest, space: str) -> HttpResponse:
    sp = access.space_public(slug=space)
    can_manage = access.user_can_manage(request.user)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST":
        sp = access.space_for_manage(user=request.user, slug=space)
        if form.is_valid():
            services.department_create(actor=request.user, space=sp, name=form.cleaned_data["name"])
            messages.success(request, _("The department is saved."))
            return redirect("procurement:department-list", space=sp.slug)
    departments = selectors.department_list_for(space=sp)
    return render(
        request,
        "procurement/department_list.html",
        {"space": sp, "departments": departments, "form": form, "can_manage": can_manage},
    )


@require_http_methods(["GET", "POST"])
def contract_import(request: HttpRequest, space: str) -> HttpResponse:
    sp = access.space_for_manage(user=request.user, slug=space)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode(upload.read(2 * 1024 * 1024 + 1))
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            job = ContractImport.objects.create(
                space=sp, file_name=upload.name[:200], text=text, created_by=request_user(request)
            )
            contract_import_run.enqueue(import_id=job.pk)
            return redirect("procurement:import-detail", public_id=job.public_id)
    imports = ContractImport.objects.filter(space=sp)[:10]
    return render(
        request, "procurement/contract_import.html", {"space": sp, "form": form, "imports": imports}
    )


def import_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    job = access.import_for_manage(user=request.user, public_id=public_id)
    return render(request, "procurement/import_detail.html", {"job": job, "space": job.space})
