"""Municipal administrators' pages (``housing.manage``): areas, a year's figures, initiatives
and the income import. Pages people know of: 403 without the capability, before any lookup."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.atlas.housing import access, selectors, services
from socius.atlas.housing.forms import (
    AreaForm,
    AreaYearForm,
    IncomeImportForm,
    InitiativeForm,
    MeasureForm,
)
from socius.atlas.housing.models import AreaYear, HousingArea, Initiative, ListStatus
from socius.core.access import capability_required, request_user
from socius.core.feedback import (
    form_service_call,
    service_call_with_feedback,
    service_error_to_form,
)
from socius.core.roles import Capability


@capability_required(Capability.HOUSING_MANAGE)
@require_GET
def manage_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "housing/manage_home.html",
        {"areas": selectors.area_list(), "statuses": dict(ListStatus.choices)},
    )


@capability_required(Capability.HOUSING_MANAGE)
@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest) -> HttpResponse:
    form = AreaForm(request.POST or None)
    if response := form_service_call(
        request,
        form,
        lambda data: services.area_create(actor=request_user(request), **data),
        _("The area was created. Enter its figures for a year."),
        lambda area: redirect("housing:area-manage", slug=area.slug),
    ):
        return response
    return render(request, "housing/area_form.html", {"form": form, "area": None})


def _area_page(
    request: HttpRequest,
    area: HousingArea,
    *,
    form: AreaForm | None = None,
    year_form: AreaYearForm | None = None,
    initiative_form: InitiativeForm | None = None,
) -> HttpResponse:
    initial: dict[str, Any] = {
        "name": area.name,
        "municipality": area.municipality,
        "housing_organisation": area.housing_organisation,
        "departments": area.departments,
        "description": area.description,
    }
    return render(
        request,
        "housing/area_manage.html",
        {
            "area": area,
            "form": form or AreaForm(initial=initial, prefix="area"),
            "year_form": year_form
            or AreaYearForm(prefix="year", initial=_year_initial(request, area)),
            "initiative_form": initiative_form or InitiativeForm(prefix="initiative"),
            "years": AreaYear.objects.filter(area=area).order_by("-year"),
            "initiatives": Initiative.objects.filter(area=area).prefetch_related(
                "measures__indicator"
            ),
            "measure_form": MeasureForm(prefix="measure"),
            "statuses": dict(ListStatus.choices),
        },
    )


def _year_initial(request: HttpRequest, area: HousingArea) -> dict[str, Any]:
    """The figures of ``?aar=`` to correct them, or last year's as a start for a new year."""
    asked = request.GET.get("aar", "")
    rows = AreaYear.objects.filter(area=area).order_by("-year")
    row = (
        rows.filter(year=int(asked)).first()
        if asked.isascii() and asked.isdigit() and len(asked) == 4
        else None
    )
    if row is None:
        return {}
    return {f: getattr(row, f) for f in (*services.areas.YEAR_FIELDS, "year")}


@capability_required(Capability.HOUSING_MANAGE)
@require_GET
def area_manage(request: HttpRequest, slug: str) -> HttpResponse:
    return _area_page(request, access.area_for_manage(user=request_user(request), slug=slug))


@capability_required(Capability.HOUSING_MANAGE)
@require_POST
def area_edit(request: HttpRequest, slug: str) -> HttpResponse:
    area = access.area_for_manage(user=request_user(request), slug=slug)
    form = AreaForm(request.POST, prefix="area")
    if response := form_service_call(
        request,
        form,
        lambda data: services.area_update(actor=request_user(request), area=area, **data),
        _("The area was saved."),
        lambda _saved: redirect("housing:area-manage", slug=area.slug),
    ):
        return response
    return _area_page(request, area, form=form)


@capability_required(Capability.HOUSING_MANAGE)
@require_POST
def area_year(request: HttpRequest, slug: str) -> HttpResponse:
    area = access.area_for_manage(user=request_user(request), slug=slug)
    form = AreaYearForm(request.POST, prefix="year")
    if form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        try:
            row, _changes = services.area_year_save(
                actor=request_user(request), area=area, year=year, **data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            label = dict(ListStatus.choices).get(row.status) or _("no status (no rule set)")
            messages.success(
                request,
                _("The figures for %(year)s were saved. Status: %(status)s.")
                % {"year": year, "status": label},
            )
            return redirect("housing:area-detail", slug=area.slug)
    return _area_page(request, area, year_form=form)


@capability_required(Capability.HOUSING_MANAGE)
@require_POST
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    area = access.area_for_manage(user=request_user(request), slug=slug)
    form = InitiativeForm(request.POST, prefix="initiative")
    if response := form_service_call(
        request,
        form,
        lambda data: services.initiative_save(actor=request_user(request), area=area, **data),
        _("The initiative was saved."),
        lambda _saved: redirect("housing:area-manage", slug=area.slug),
    ):
        return response
    return _area_page(request, area, initiative_form=form)


@capability_required(Capability.HOUSING_MANAGE)
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.initiative_for_manage(user=request_user(request), pk=pk)
    initial = {f: getattr(item, f) for f in services.areas.INITIATIVE_FIELDS}
    form = InitiativeForm(request.POST or None, initial=initial)
    if response := form_service_call(
        request,
        form,
        lambda data: services.initiative_save(
            actor=request_user(request), area=item.area, initiative=item, **data
        ),
        _("The initiative was saved."),
        lambda _saved: redirect("housing:area-manage", slug=item.area.slug),
    ):
        return response
    return render(request, "housing/initiative_form.html", {"form": form, "initiative": item})


@capability_required(Capability.HOUSING_MANAGE)
@require_POST
def initiative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.initiative_for_manage(user=request_user(request), pk=pk)
    slug = item.area.slug
    service_call_with_feedback(
        request,
        lambda: services.initiative_delete(actor=request_user(request), initiative=item),
        _("The initiative was removed."),
    )
    return redirect("housing:area-manage", slug=slug)


@capability_required(Capability.HOUSING_MANAGE)
@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.initiative_for_manage(user=request_user(request), pk=pk)
    form = MeasureForm(request.POST, prefix="measure")
    if form.is_valid():
        service_call_with_feedback(
            request,
            lambda: services.measure_add(
                actor=request_user(request), initiative=item, **form.cleaned_data
            ),
            _("The outcome measure was added."),
        )
    else:
        for field, errors in form.errors.items():
            text = " ".join(str(e) for e in errors)
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect("housing:area-manage", slug=item.area.slug)


@capability_required(Capability.HOUSING_MANAGE)
@require_POST
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.measure_for_manage(user=request_user(request), pk=pk)
    slug = measure.initiative.area.slug
    service_call_with_feedback(
        request,
        lambda: services.measure_delete(actor=request_user(request), measure=measure),
        _("The outcome measure was removed."),
    )
    return redirect("housing:area-manage", slug=slug)


@capability_required(Capability.HOUSING_MANAGE)
@require_http_methods(["GET", "POST"])
def income_import(request: HttpRequest) -> HttpResponse:
    form = IncomeImportForm(request.POST or None, request.FILES or None)
    record = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(3 * 1024 * 1024)
        try:
            record = services.income_import(
                actor=request_user(request),
                municipality=form.cleaned_data["municipality"],
                year=form.cleaned_data["year"],
                source=form.cleaned_data["source"],
                data=data,
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s area was imported.", "%(n)s areas were imported.", record.rows_accepted
                )
                % {"n": record.rows_accepted},
            )
    return render(request, "housing/income_import.html", {"form": form, "record": record})
