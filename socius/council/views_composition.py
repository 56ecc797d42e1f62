"""Administrators keep a council's composition (COUNCIL_COMPOSITION): the council, its party
groups with seats and bloc, and its committees; the secretariat adds meetings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socius.core.access import request_user, require
from socius.core.feedback import service_error_to_form
from socius.core.roles import Capability
from socius.core.selectors import municipal_space_get
from socius.council import selectors, services_composition, services_items
from socius.council.access import council_for_staff
from socius.council.forms_items import CommitteeForm, CouncilForm, GroupForm, MeetingForm
from socius.council.models import Council


def _composition_page(request: HttpRequest, space: Any, council: Council | None,
                      forms: dict[str, Form], status: int = 200) -> HttpResponse:  # fmt: skip
    groups = selectors.council_groups(council) if council else []
    return render(
        request,
        "council/composition_edit.html",
        {
            "space": space,
            "council": council,
            "groups": groups,
            "seats_taken": sum(g.seats for g in groups),
            "committees": list(council.committees.all()) if council else [],
            **forms,
        },  # fmt: skip
        status=status,
    )


def _council_initial(council: Council | None, space: Any) -> dict[str, Any]:
    if council is None:
        return {"name": f"{space.municipality.name} Byråd", "seats": 31}
    return {f: getattr(council, f) for f in ("name", "seats", "term_start", "term_end",
                                             "composition_source")}  # fmt: skip


@require_http_methods(["GET", "POST"])
def composition_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The council of a participating municipality (created here the first time), its party
    groups and committees. Each form posts ``form`` = council, group or committee."""
    require(request.user, Capability.COUNCIL_COMPOSITION)
    space = municipal_space_get(slug=slug)
    if space is None:
        raise Http404
    council = Council.objects.filter(municipality=space.municipality).first()
    which = str(request.POST.get("form", "")) if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    forms: dict[str, Form] = {
        "council_form": CouncilForm(
            data if which == "council" else None, initial=_council_initial(council, space)
        ),  # fmt: skip
    }
    if council is not None:
        forms["group_form"] = GroupForm(data if which == "group" else None, council=council)
        forms["committee_form"] = CommitteeForm(data if which == "committee" else None)
    form = forms.get(f"{which}_form")
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                _save(which, request_user(request), space, council, form.cleaned_data)
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, _("The composition is saved."))
                return redirect("council:composition-edit", slug=space.slug)
        return _composition_page(request, space, council, forms, status=400)
    return _composition_page(request, space, council, forms)


def _save(which: str, actor: Any, space: Any, council: Council | None,
          data: dict[str, Any]) -> None:  # fmt: skip
    if which == "council":
        services_composition.council_save(actor=actor, municipality=space.municipality, **data)
    elif which == "group" and council is not None:
        services_composition.council_group_set(actor=actor, council=council, **data)
    elif council is not None:
        services_composition.committee_save(actor=actor, council=council, name=data["name"])


@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat adds a meeting of the council or a committee."""
    council = council_for_staff(user=request.user, slug=slug,
                                capability=Capability.COUNCIL_SECRETARIAT)  # fmt: skip
    form = MeetingForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            services_items.meeting_create(actor=request_user(request), council=council,
                                          **form.cleaned_data)  # fmt: skip
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The meeting is added."))
            return redirect("council:council-detail", slug=slug)
    return render(request, "council/meeting_form.html", {"council": council, "form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip
