"""Class projects and the municipality's numbers.

A class's project list and a draft project are for the class (its teacher and pupils): to
anyone else they do not exist (404). A published project is public under the class's name,
without the pupils' contributions. The numbers pages are public and show only suppressed
counts (selectors_youth)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import request_user
from socius.core.charts import render_chart
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.models import Municipality
from socius.school import selectors_youth, services_youth
from socius.school.access import class_for_member, class_for_teacher, teacher_required
from socius.school.access_youth import project_for_pupil, project_for_teacher, project_for_view
from socius.school.forms_youth import ContributionForm, ProjectForm
from socius.school.models import ProjectStatus


@login_required
@require_http_methods(["GET"])
def class_projects(request: HttpRequest, public_id: Any) -> HttpResponse:
    school_class, pupil = class_for_member(request.user, public_id)
    return render(
        request,
        "school/project_list.html",
        {
            "school_class": school_class,
            "is_teacher": pupil is None,
            "projects": selectors_youth.projects_for_class(school_class),
        },
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, public_id: Any) -> HttpResponse:
    school_class = class_for_teacher(request.user, public_id)
    form = ProjectForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            project = services_youth.project_create(
                actor=request_user(request), school_class=school_class, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            return redirect("school:project-detail", public_id=project.public_id)
    return render(
        request,
        "school/project_form.html",
        {"form": form, "school_class": school_class, "project": None},
    )


@teacher_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    project = project_for_teacher(request.user, public_id)
    if project.status != ProjectStatus.DRAFT:
        return redirect("school:project-detail", public_id=project.public_id)
    initial = {"title": project.title, "problem": project.problem, "idea": project.idea}
    form = ProjectForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services_youth.project_update(
                actor=request_user(request), project=project, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            return redirect("school:project-detail", public_id=project.public_id)
    return render(
        request,
        "school/project_form.html",
        {"form": form, "school_class": project.school_class, "project": project},
    )


@require_http_methods(["GET"])
def project_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    project, member, pupil = project_for_view(request.user, public_id)
    context: dict[str, Any] = {
        "project": project,
        "school_class": project.school_class,
        "member": member,
        "is_teacher": member and pupil is None,
        "pupil": pupil,
    }
    if member:
        context["contributions"] = selectors_youth.project_contributions(project)
        context["form"] = ContributionForm()
    response = render(request, "school/project_detail.html", context)
    if member:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def project_contribute(request: HttpRequest, public_id: Any) -> HttpResponse:
    project, pupil = project_for_pupil(request.user, public_id)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            services_youth.contribution_add(
                actor=request_user(request), project=project, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. Your class can read it now."))
            return redirect("school:project-detail", public_id=project.public_id)
    return render(
        request,
        "school/project_detail.html",
        {
            "project": project,
            "school_class": project.school_class,
            "member": True,
            "is_teacher": False,
            "pupil": pupil,
            "contributions": selectors_youth.project_contributions(project),
            "form": form,
        },
        status=400,
    )


@teacher_required
@require_POST
def project_publish(request: HttpRequest, public_id: Any) -> HttpResponse:
    project = project_for_teacher(request.user, public_id)
    service_call_with_feedback(
        request,
        lambda: services_youth.project_publish(actor=request_user(request), project=project),
        _("The project is published under the class's name."),
    )
    return redirect("school:project-detail", public_id=project.public_id)


@teacher_required
@require_POST
def project_propose(request: HttpRequest, public_id: Any) -> HttpResponse:
    project = project_for_teacher(request.user, public_id)
    service_call_with_feedback(
        request,
        lambda: services_youth.project_propose(actor=request_user(request), project=project),
        _(
            "The project is sent as a youth proposal. The municipality checks it before it "
            "opens for signatures."
        ),
    )
    return redirect("school:project-detail", public_id=project.public_id)


@require_http_methods(["GET"])
def numbers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "school/numbers_list.html",
        {"municipalities": selectors_youth.municipalities_taking_part()},
    )


def _pupils_chart(data: selectors_youth.Numbers) -> Any:
    """Pupils per school year: the bars show the counts that are shown; the table shows all,
    "fewer than 5" included."""
    import altair as alt

    if not data.pupils_by_year:
        return None
    values = [
        {"label": label, "value": cell.value}
        for label, cell in data.pupils_by_year
        if not cell.hidden
    ]
    spec = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color="#0059b3")
        .encode(
            y=alt.Y("label:N", title=str(_("School year")), sort=None),
            x=alt.X("value:Q", title=str(_("Pupils"))),
        )
        .properties(width=420, height=max(40, 28 * len(values)))
    )
    return render_chart(
        spec,
        title=_("Pupils taking part, per school year"),
        description=_(
            "Bars for the school years with at least 5 pupils. The table below has every year."
        ),
        columns=[_("School year"), _("Pupils")],
        rows=[(label, cell.shown) for label, cell in data.pupils_by_year],
    )


@require_http_methods(["GET"])
def municipality_numbers(request: HttpRequest, code: str) -> HttpResponse:
    municipality = Municipality.objects.filter(code=code[:3]).first()
    if municipality is None:
        raise Http404
    data = selectors_youth.municipality_numbers(municipality)
    return render(
        request,
        "school/numbers_municipality.html",
        {
            "numbers": data,
            "municipality": municipality,
            "chart": _pupils_chart(data),
            "projects": selectors_youth.projects_published(municipality)[:20],
        },
    )
