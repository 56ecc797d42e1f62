"""Intergenerational housing: public projects, a person's own interest, and the housing
organisation's projects and demand (counts only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.atlas.housing import access, selectors, services
from socius.atlas.housing.forms import (
    CONSENT_TEXT,
    InterestForm,
    ProjectEditForm,
    ProjectForm,
    ProjectStatusForm,
)
from socius.atlas.housing.models import IntergenerationalProject
from socius.core.access import request_user
from socius.core.cache import public_page
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.models import Municipality, Organisation


@public_page()
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "housing/project_list.html", {"projects": selectors.project_list_public()}
    )


@public_page()
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_public(slug=slug)
    can_edit = request.user.is_authenticated and any(
        o.pk == project.organisation_id
        for o in access.organisations_acted_for(request_user(request))
    )
    return render(
        request, "housing/project_detail.html", {"project": project, "can_edit": can_edit}
    )


def _interest_initial(interest: object) -> dict[str, object]:
    if interest is None:
        return {}
    return {
        "age_group": interest.age_group,  # type: ignore[attr-defined]
        "household_size": interest.household_size,  # type: ignore[attr-defined]
        "groups": interest.groups,  # type: ignore[attr-defined]
        "needs": interest.needs,  # type: ignore[attr-defined]
        "municipalities": list(interest.municipalities.all()),  # type: ignore[attr-defined]
    }


@login_required
@require_http_methods(["GET", "POST"])
def interest(request: HttpRequest) -> HttpResponse:
    """The person's own interest: register, change, see the projects that fit."""
    user = request_user(request)
    current = selectors.interest_for(user)
    form = InterestForm(request.POST or None, initial=_interest_initial(current))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interest_save(
                actor=user,
                age_group=data["age_group"],
                household_size=data["household_size"],
                groups=data["groups"],
                needs=data["needs"],
                municipalities=data["municipalities"],
                consent=data["consent"],
                consent_text=str(CONSENT_TEXT),
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Your interest was saved."))
            return redirect("housing:interest")
    matching = selectors.project_list_matching(current) if current else []
    return render(
        request,
        "housing/interest.html",
        {"form": form, "interest": current, "matching": matching},
    )


@login_required
@require_POST
def interest_delete(request: HttpRequest) -> HttpResponse:
    if services.interest_delete(actor=request_user(request)):
        messages.success(request, _("Your interest was deleted. We keep nothing of it."))
    return redirect("housing:interest")


def _organisations(request: HttpRequest) -> list[Organisation]:
    """The organisations the person acts for; a page for housing organisations: 403 without."""
    found = access.organisations_acted_for(request_user(request))
    if not found:
        raise PermissionDenied
    return found


@login_required
@require_http_methods(["GET", "POST"])
def project_manage(request: HttpRequest) -> HttpResponse:
    """The person's organisations' projects, and a form to publish a new one."""
    organisations = _organisations(request)
    queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
    form = ProjectForm(request.POST or None, organisations=queryset)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            project = services.project_create(
                actor=request_user(request), organisation=organisation, **data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The project was published."))
            return redirect("housing:project-edit", slug=project.slug)
    return render(
        request,
        "housing/project_manage.html",
        {
            "form": form,
            "organisations": organisations,
            "projects": selectors.project_list_for_organisations(organisations),
        },
    )


def _project_edit_page(
    request: HttpRequest, project: IntergenerationalProject, form: ProjectEditForm
) -> HttpResponse:
    return render(
        request,
        "housing/project_edit.html",
        {
            "project": project,
            "form": form,
            "status_form": ProjectStatusForm(initial={"status": project.status}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for_organisation(user=request_user(request), slug=slug)
    initial = {
        f: getattr(project, f)
        for f in (
            "name",
            "municipality",
            "description",
            "homes",
            "groups",
            "opening_year",
            "apply_url",
        )
    }
    form = ProjectEditForm(request.POST or None, initial=initial, organisations=None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=request_user(request), project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("housing:project-edit", slug=project.slug)
    return _project_edit_page(request, project, form)


@login_required
@require_POST
def project_status(request: HttpRequest, slug: str) -> HttpResponse:
    project = access.project_for_organisation(user=request_user(request), slug=slug)
    form = ProjectStatusForm(request.POST)
    if form.is_valid():
        service_call_with_feedback(
            request,
            lambda: services.project_status_set(
                actor=request_user(request), project=project, status=form.cleaned_data["status"]
            ),
            _("The status was changed. People whose interest fits are told when it opens."),
        )
    else:
        messages.error(request, _("Choose from the list."))
    return redirect("housing:project-edit", slug=project.slug)


@login_required
@require_GET
def demand(request: HttpRequest, slug: str) -> HttpResponse:
    """Interest as counts by group and age group, for the municipalities of the
    organisation's projects and its own: never names, counts under 5 left out."""
    organisation = access.organisation_for_demand(user=request_user(request), slug=slug)
    ids = set(
        IntergenerationalProject.objects.filter(organisation=organisation).values_list(
            "municipality_id", flat=True
        )
    )
    if organisation.municipality_id:
        ids.add(organisation.municipality_id)
    municipalities = list(Municipality.objects.filter(pk__in=ids).order_by("name"))
    return render(
        request,
        "housing/demand.html",
        {
            "organisation": organisation,
            "rows": selectors.demand_for_municipalities(municipalities),
        },
    )
