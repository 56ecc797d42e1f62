"""Pages of the courses part: the elective's front page, a course, and the course editors'
pages. Each reads input, calls one access function and one service, and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socius.core.access import capability_required, user_can
from socius.core.feedback import service_call_with_feedback, service_error_to_form
from socius.core.roles import Capability
from socius.school import access_courses, selectors_courses, services_courses
from socius.school.forms_courses import CourseCreateForm, CourseForm, ModuleForm
from socius.school.models import Course

# The national material teachers already use (public pages; addresses to verify now and then).
NATIONAL_MATERIAL = [
    {
        "title": "Demokrati under udvikling",
        "source": "emu.dk",
        "url": "https://emu.dk/grundskole/demokrati-under-udvikling",
    },
    {
        "title": "Grib demokratiet",
        "source": "DUF – Dansk Ungdoms Fællesråd",
        "url": "https://duf.dk/grib-demokratiet",
    },
    {
        "title": "Ungdommens Folkemøde",
        "source": "ungdommensfolkemoede.dk",
        "url": "https://ungdommensfolkemoede.dk/",
    },
]


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    courses = list(selectors_courses.course_list_published())
    can_edit = user_can(request.user, Capability.SCHOOL_COURSES)
    return render(
        request,
        "school/home.html",
        {
            "groups": selectors_courses.courses_by_municipality(courses),
            "drafts": list(selectors_courses.course_list_drafts()[:20]) if can_edit else [],
            "can_edit": can_edit,
            "material": NATIONAL_MATERIAL,
        },
    )


@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = access_courses.course_for_view(user=request.user, slug=slug)
    modules = selectors_courses.course_modules(course)
    return render(
        request,
        "school/course_detail.html",
        {
            "course": course,
            "modules": [(m, _lesson_plan_url(request, m)) for m in modules],
            "module_hours": sum(m.hours for m in modules),
            "goals": _lines(course.goals),
            "can_edit": user_can(request.user, Capability.SCHOOL_COURSES),
        },
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _lesson_plan_url(request: HttpRequest, module: Any) -> str | None:
    plan = module.lesson_plan
    if plan is None or not plan.live or plan.expired:
        return None
    return plan.get_url(request) or None


@capability_required(Capability.SCHOOL_COURSES)
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services_courses.course_create(
                actor=request.user,
                municipality=form.cleaned_data["municipality"],
                **form.course_fields(),
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The course is saved as a draft. Add its modules."))
            return redirect("school:course-modules", slug=course.slug)
    return render(request, "school/course_edit.html", {"form": form, "course": None})


@capability_required(Capability.SCHOOL_COURSES)
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    initial = {k: getattr(course, k) for k in services_courses.COURSE_FIELDS}
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_courses.course_update(
                actor=request.user, course=course, **form.course_fields()
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The course is saved."))
            return redirect(course)
    return render(request, "school/course_edit.html", {"form": form, "course": course})


@capability_required(Capability.SCHOOL_COURSES)
@require_POST
def course_publish(request: HttpRequest, slug: str) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    service_call_with_feedback(
        request,
        lambda: services_courses.course_publish(actor=request.user, course=course),
        _("The course is published."),
    )
    return redirect(course)


@capability_required(Capability.SCHOOL_COURSES)
@require_POST
def course_unpublish(request: HttpRequest, slug: str) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    service_call_with_feedback(
        request,
        lambda: services_courses.course_unpublish(actor=request.user, course=course),
        _("The course is a draft again. Only course editors see it."),
    )
    return redirect(course)


def _modules_page(
    request: HttpRequest, course: Course, form: ModuleForm, status: int = 200
) -> HttpResponse:
    modules = selectors_courses.course_modules(course)
    return render(
        request,
        "school/course_modules.html",
        {
            "course": course,
            "modules": modules,
            "module_hours": sum(m.hours for m in modules),
            "form": form,
        },
        status=status,
    )


@capability_required(Capability.SCHOOL_COURSES)
@require_GET
def course_modules(request: HttpRequest, slug: str) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    return _modules_page(request, course, ModuleForm())


@capability_required(Capability.SCHOOL_COURSES)
@require_POST
def course_module_add(request: HttpRequest, slug: str) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    form = ModuleForm(request.POST)
    if form.is_valid():
        try:
            services_courses.module_add(actor=request.user, course=course, **form.module_fields())
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The module is added."))
            return redirect("school:course-modules", slug=course.slug)
    return _modules_page(request, course, form)


@capability_required(Capability.SCHOOL_COURSES)
@require_http_methods(["GET", "POST"])
def course_module_edit(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    module = access_courses.module_for_edit(user=request.user, course=course, module_id=module_id)
    initial = {
        "title": module.title,
        "goals": module.goals,
        "hours": module.hours,
        "lesson_plan": module.lesson_plan_id,
    }
    form = ModuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_courses.module_update(
                actor=request.user, course=course, module=module, **form.module_fields()
            )
        except ValidationError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("The module is saved."))
            return redirect("school:course-modules", slug=course.slug)
    return render(
        request,
        "school/course_module_edit.html",
        {"course": course, "module": module, "form": form},
    )


@capability_required(Capability.SCHOOL_COURSES)
@require_POST
def course_module_remove(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    module = access_courses.module_for_edit(user=request.user, course=course, module_id=module_id)
    service_call_with_feedback(
        request,
        lambda: services_courses.module_remove(actor=request.user, course=course, module=module),
        _("The module is removed."),
    )
    return redirect("school:course-modules", slug=course.slug)


def _move(request: HttpRequest, slug: str, module_id: int, direction: Any) -> HttpResponse:
    course = access_courses.course_for_edit(user=request.user, slug=slug)
    module = access_courses.module_for_edit(user=request.user, course=course, module_id=module_id)
    service_call_with_feedback(
        request,
        lambda: services_courses.module_move(
            actor=request.user, course=course, module=module, direction=direction
        ),
        _("The module is moved."),
    )
    return redirect("school:course-modules", slug=course.slug)


@capability_required(Capability.SCHOOL_COURSES)
@require_POST
def course_module_up(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    return _move(request, slug, module_id, "up")


@capability_required(Capability.SCHOOL_COURSES)
@require_POST
def course_module_down(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    return _move(request, slug, module_id, "down")
