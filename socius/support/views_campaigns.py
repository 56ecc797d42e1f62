"""The treasurer's campaign and membership tier pages (SUPPORT_TREASURER; 403 for others)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from socius.core.access import capability_required, request_user
from socius.core.feedback import service_error_to_form
from socius.core.roles import Capability
from socius.support import access, selectors, services
from socius.support.forms import CampaignForm, TierForm
from socius.support.models import Campaign, MembershipTier


def _page(request: HttpRequest, form: CampaignForm, campaign: Campaign | None) -> HttpResponse:
    return render(request, "support/campaign_form.html", {
        "form": form, "campaign": campaign, "campaigns": selectors.campaign_list_all(),
    })  # fmt: skip


def _save(request: HttpRequest, form: CampaignForm, campaign: Campaign | None) -> HttpResponse:
    if not form.is_valid():
        return _page(request, form, campaign)
    try:
        saved = services.campaign_save(actor=request_user(request), campaign=form.instance)
    except ValidationError as exc:
        service_error_to_form(form, exc)
        return _page(request, form, campaign)
    return redirect("support:campaign-edit", saved.slug)


@capability_required(Capability.SUPPORT_TREASURER)
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "GET":
        return _page(request, form, None)
    return _save(request, form, None)


@capability_required(Capability.SUPPORT_TREASURER)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = access.campaign_for_treasurer(user=request_user(request), slug=slug)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "GET":
        return _page(request, form, campaign)
    return _save(request, form, campaign)


@capability_required(Capability.SUPPORT_TREASURER)
@require_GET
def tier_list(request: HttpRequest) -> HttpResponse:
    return render(request, "support/tier_list.html", {"tiers": selectors.tier_list_all()})


def _tier_page(
    request: HttpRequest, form: TierForm, tier: MembershipTier | None, current: int = 0
) -> HttpResponse:
    return render(request, "support/tier_form.html",
                  {"form": form, "tier": tier, "current": current})  # fmt: skip


@capability_required(Capability.SUPPORT_TREASURER)
@require_http_methods(["GET", "POST"])
def tier_create(request: HttpRequest) -> HttpResponse:
    form = TierForm(request.POST or None)
    if request.method == "GET" or not form.is_valid():
        return _tier_page(request, form, None)
    try:
        services.tier_create(actor=request_user(request), tier=form.instance)
    except ValidationError as exc:
        service_error_to_form(form, exc)
        return _tier_page(request, form, None)
    messages.success(request, _("The membership tier is saved."))
    return redirect("support:tier-list")


@capability_required(Capability.SUPPORT_TREASURER)
@require_http_methods(["GET", "POST"])
def tier_edit(request: HttpRequest, slug: str) -> HttpResponse:
    tier = access.tier_for_treasurer(user=request_user(request), slug=slug)
    current = selectors.tier_current_members(tier)
    form = TierForm(request.POST or None, instance=tier)
    if request.method == "GET" or not form.is_valid():
        return _tier_page(request, form, tier, current)
    try:
        services.tier_update(actor=request_user(request), tier=form.instance)
    except ValidationError as exc:
        service_error_to_form(form, exc)
        return _tier_page(request, form, tier, current)
    messages.success(request, _("The membership tier is saved."))
    return redirect("support:tier-list")
