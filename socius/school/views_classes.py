"""Pages of the classes part for teachers and administrators: saying one teaches, the
administrator's verification, and the teacher's classes. The class page itself serves the
teacher and the class's pupils alike. Each view reads input, calls one access function and
one service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import capability_required, request_user
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.roles import Capability
from socius.school import (
    access,
    access_classes,
    selectors_classes,
    services_classes,
    services_pupils,
)
from socius.school.class_tools import class_tools
from socius.school.forms_classes import ClassForm, TeacherDeclareForm, TeacherFilterForm
from socius.school.models import ConsentBasis

GET_POST = ["GET", "POST"]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Teachers -----------------------------------------------------------------------------------
@login_required
@require_http_methods(GET_POST)
def teacher_start(request: HttpRequest) -> HttpResponse:
    """Say that one teaches, at which school; then see whether the municipality verified it."""
    user = request_user(request)
    if access.pupil_of(user) is not None:
        return redirect("school:class-list")
    profile = access.teacher_profile(user)
    initial = (
        {"municipality": profile.school.municipality, "school_name": profile.school.name}
        if profile
        else {}
    )
    form = TeacherDeclareForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_classes.teacher_declare(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("Thank you. The municipality will now check that you teach.")
            )
            return redirect("school:teacher-start")
    return render(
        request,
        "school/teacher_start.html",
        {"form": form, "profile": profile, "schools": selectors_classes.school_names()},
    )


@capability_required(Capability.SCHOOL_TEACHERS_VERIFY)
@require_http_methods(["GET"])
def teacher_list(request: HttpRequest) -> HttpResponse:
    """Teachers for the administrator to verify: those waiting first."""
    form = TeacherFilterForm(request.GET or None)
    municipality = form.cleaned_data["municipality"] if form.is_valid() else None
    profiles = selectors_classes.teacher_list_for_verification(municipality=municipality)
    page = Paginator(profiles, 50).get_page(request.GET.get("side"))
    return render(request, "school/teacher_list.html", {"form": form, "page": page})


@capability_required(Capability.SCHOOL_TEACHERS_VERIFY)
@require_POST
def teacher_verify(request: HttpRequest, public_id: Any) -> HttpResponse:
    profile = access_classes.teacher_profile_for_verify(public_id)
    verified = request.POST.get("verified") != "0"
    service_call_with_feedback(
        request,
        lambda: services_classes.teacher_verify(
            actor=request_user(request), profile=profile, verified=verified
        ),
        _("The teacher is verified and has been told.")
        if verified
        else _("The verification is withdrawn."),
    )
    return redirect(reverse("school:teacher-list") + "?" + request.GET.urlencode())


# --- Classes ------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET"])
def class_list(request: HttpRequest) -> HttpResponse:
    """The teacher's classes; a pupil goes to their own class's page."""
    pupil = access.pupil_of(request.user)
    if pupil is not None:
        return redirect("school:class-detail", public_id=pupil.school_class.public_id)
    return _class_list(request)


@access.teacher_required
def _class_list(request: HttpRequest) -> HttpResponse:
    classes = list(selectors_classes.class_list_for_teacher(user=request_user(request)))
    for school_class in classes:
        school_class.year_label = selectors_classes.school_year_label(school_class.school_year)  # type: ignore[attr-defined]
    return render(request, "school/class_list.html", {"classes": classes})


def _class_form_page(request: HttpRequest, form: ClassForm, **context: Any) -> HttpResponse:
    return render(
        request,
        "school/class_form.html",
        {"form": form, "consent": ConsentBasis.CONSENT, **context},
    )


@access.teacher_required
@require_http_methods(GET_POST)
def class_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ClassForm(_posted(request), courses=selectors_classes.course_choices_for(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            school_class = services_classes.class_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The class is ready. Give the pupils the class code."))
            return redirect("school:class-detail", public_id=school_class.public_id)
    return _class_form_page(request, form, title=_("New class"), submit=_("Create the class"))


@login_required
@require_http_methods(GET_POST)
def class_edit(request: HttpRequest, public_id: Any) -> HttpResponse:
    user = request_user(request)
    school_class = access.class_for_teacher(user, public_id)
    form = ClassForm(
        _posted(request),
        initial=services_classes.class_fields(school_class),
        courses=selectors_classes.course_choices_for(user=user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_classes.class_update(
                actor=user, school_class=school_class, **form.cleaned_data
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The class is saved."))
            return redirect("school:class-detail", public_id=school_class.public_id)
    return _class_form_page(
        request,
        form,
        title=_("Change the class"),
        submit=_("Save"),
        school_class=school_class,
    )


@login_required
@require_http_methods(["GET"])
def class_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The class's home: the code and the pupils for the teacher; the class, the classmates
    and the class's pages for a pupil. A pupil waiting for consent sees only that."""
    school_class, pupil, waiting = access_classes.class_page_for(request.user, public_id)
    if waiting:
        return render(request, "school/pupil_waiting.html", {"school_class": school_class})
    school_class.year_label = selectors_classes.school_year_label(school_class.school_year)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "school_class": school_class,
        "pupil": pupil,
        "pupils": selectors_classes.pupil_list_for_class(school_class=school_class),
        "tools": class_tools(school_class),
        "consent": school_class.consent_basis == ConsentBasis.CONSENT,
        "max_pupils": services_classes.CLASS_MAX_PUPILS,
    }
    if pupil is not None:
        context["teacher_name"] = school_class.teacher.display_name
        return render(request, "school/class_detail_pupil.html", context)
    return render(request, "school/class_detail.html", context)


@login_required
@require_POST
def class_code_renew(request: HttpRequest, public_id: Any) -> HttpResponse:
    school_class = access.class_for_teacher(request.user, public_id)
    service_call_with_feedback(
        request,
        lambda: services_classes.class_code_renew(
            actor=request_user(request), school_class=school_class
        ),
        _("The class has a new code. The old code no longer works."),
    )
    return redirect("school:class-detail", public_id=school_class.public_id)


@login_required
@require_POST
def class_joining(request: HttpRequest, public_id: Any) -> HttpResponse:
    school_class = access.class_for_teacher(request.user, public_id)
    open_ = request.POST.get("open") == "1"
    service_call_with_feedback(
        request,
        lambda: services_classes.class_joining_set(
            actor=request_user(request), school_class=school_class, open_=open_
        ),
        _("Pupils can now join the class.") if open_ else _("The class is closed to new pupils."),
    )
    return redirect("school:class-detail", public_id=school_class.public_id)


@login_required
@require_POST
def class_archive(request: HttpRequest, public_id: Any) -> HttpResponse:
    school_class = access.class_for_teacher(request.user, public_id)
    if service_call_with_feedback(
        request,
        lambda: services_classes.class_archive(
            actor=request_user(request), school_class=school_class
        ),
        _("The class is archived. The pupils' accounts are deleted."),
    ):
        return redirect("school:class-list")
    return redirect("school:class-detail", public_id=school_class.public_id)


# --- The teacher's actions on one pupil ---------------------------------------------------------
@login_required
@require_POST
def pupil_reset(request: HttpRequest, public_id: Any, pupil_id: Any) -> HttpResponse:
    """A new personal code for the pupil, shown once, to the teacher, on this answer only."""
    pupil = access_classes.pupil_for_teacher(request.user, public_id, pupil_id)
    personal_code = services_pupils.pupil_code_reset(actor=request_user(request), pupil=pupil)
    response = render(
        request,
        "school/pupil_code.html",
        {"pupil": pupil, "school_class": pupil.school_class, "personal_code": personal_code},
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def pupil_consent(request: HttpRequest, public_id: Any, pupil_id: Any) -> HttpResponse:
    pupil = access_classes.pupil_for_teacher(request.user, public_id, pupil_id)
    given = request.POST.get("given") != "0"
    service_call_with_feedback(
        request,
        lambda: services_pupils.pupil_consent_set(
            actor=request_user(request), pupil=pupil, given=given
        ),
        _("The consent is recorded.") if given else _("The consent is withdrawn."),
    )
    return redirect("school:class-detail", public_id=pupil.school_class.public_id)


@login_required
@require_POST
def pupil_remove(request: HttpRequest, public_id: Any, pupil_id: Any) -> HttpResponse:
    pupil = access_classes.pupil_for_teacher(request.user, public_id, pupil_id)
    service_call_with_feedback(
        request,
        lambda: services_pupils.pupil_remove(actor=request_user(request), pupil=pupil),
        _("The pupil is removed, and their account is deleted."),
    )
    return redirect("school:class-detail", public_id=public_id)
