"""Public pages of the outcome statistics, and the administrators' release pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from socius.core.access import capability_required, request_user
from socius.core.models import Municipality
from socius.core.roles import Capability
from socius.plans.outcomes import presentation, selectors, services
from socius.plans.outcomes.forms import ReleaseForm
from socius.plans.outcomes.models import Release


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    municipalities = selectors.municipalities_with_releases()
    return render(
        request,
        "plans_outcomes/home.html",
        {
            "municipalities": municipalities,
            "cap": services.budget_cap(),
        },
    )


def _municipality(code: str) -> Municipality:
    return get_object_or_404(Municipality, code=code[:3])


@require_GET
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    place = _municipality(code)
    releases = [
        presentation.release_view(release)
        for release in selectors.release_list_for(municipality=place)
    ]
    return render(
        request,
        "plans_outcomes/municipality.html",
        {"municipality": place, "releases": releases},
    )


@require_GET
def budget(request: HttpRequest, code: str) -> HttpResponse:
    place = _municipality(code)
    return render(
        request,
        "plans_outcomes/budget.html",
        {"municipality": place, "years": selectors.budget_ledger(municipality=place)},
    )


@capability_required(Capability.PLANS_OUTCOMES)
@require_http_methods(["GET", "POST"])
def release_create(request: HttpRequest) -> HttpResponse:
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            release = services.release_create(
                actor=request_user(request),
                municipality=data["municipality"],
                table=data["table"],
                year=data["year"],
                quarter=data["quarter"],
                epsilon=data["epsilon"],
                theme=data.get("theme"),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("plans_outcomes:release-detail", public_id=release.public_id)
    recent = Release.objects.select_related("municipality", "theme").order_by("-created_at")[:10]
    return render(request, "plans_outcomes/release_create.html", {"form": form, "recent": recent})


@capability_required(Capability.PLANS_OUTCOMES)
@require_GET
def release_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    release = get_object_or_404(Release.objects.select_related("municipality"), public_id=public_id)
    view = presentation.release_view(release) if release.status == Release.Status.DONE else None
    return render(request, "plans_outcomes/release_detail.html", {"release": release, "view": view})
