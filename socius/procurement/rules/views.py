"""The rules' pages: the public rules and thresholds, "follow or explain", the library."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socius.core.access import capability_required, request_user, user_can
from socius.core.cache import public_page
from socius.core.feedback import service_error_to_form
from socius.core.roles import Capability
from socius.procurement.rules import access, selectors, services
from socius.procurement.rules.forms import DecisionForm, RuleVersionForm, ThresholdForm


@public_page()
def rule_list(request: HttpRequest) -> HttpResponse:
    versions = selectors.rule_versions()
    current = [selectors.rule_current(code=code) for code in versions]
    return render(
        request,
        "procurement_rules/rule_list.html",
        {
            "rules": [rule for rule in current if rule is not None],
            "periods": selectors.threshold_periods(),
            "can_edit": user_can(request.user, Capability.PROCUREMENT_LIBRARY),
        },
    )


@public_page()
def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    versions = selectors.rule_versions().get(code)
    if not versions:
        raise Http404
    return render(
        request,
        "procurement_rules/rule_detail.html",
        {
            "rule": selectors.rule_current(code=code),
            "versions": versions,
            "can_edit": user_can(request.user, Capability.PROCUREMENT_LIBRARY),
        },
    )


@capability_required(Capability.PROCUREMENT_MANAGE)
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest, public_id: Any, code: str) -> HttpResponse:
    user = request_user(request)
    contract, rule = access.contract_for_decision(user=user, public_id=public_id, code=code)
    form = DecisionForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(actor=user, contract=contract, code=code, **form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(contract.get_absolute_url())
    requirement = next(
        (r for r in selectors.contract_requirements(contract=contract) if r.rule.code == code), None
    )
    return render(
        request,
        "procurement_rules/decision_form.html",
        {"contract": contract, "rule": rule, "form": form, "requirement": requirement},
    )


@capability_required(Capability.PROCUREMENT_LIBRARY)
@require_http_methods(["GET", "POST"])
def rule_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    rule = access.rule_for_library(user=user, code=code)
    initial = {
        "name": rule.name, "description": rule.description, "legal_basis": rule.legal_basis,
        "source_url": rule.source_url, "valid_to": rule.valid_to,
    }  # fmt: skip
    form = RuleVersionForm(request.POST or None, rule=rule, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.rule_version_create(actor=user, rule=rule, **form.changes())
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("Version %(version)d is saved.") % {"version": made.version}
            )
            return redirect("procurement_rules:rule-detail", code=made.code)
    return render(request, "procurement_rules/rule_edit.html", {"rule": rule, "form": form})


@capability_required(Capability.PROCUREMENT_LIBRARY)
@require_http_methods(["GET", "POST"])
def threshold_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ThresholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.threshold_create(actor=user, **form.fields_for_service())
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The threshold period is saved."))
            return redirect("procurement_rules:rule-list")
    return render(
        request,
        "procurement_rules/threshold_form.html",
        {"form": form, "periods": selectors.threshold_periods()},
    )
