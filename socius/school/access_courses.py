"""The one door to courses. A draft course is known only to course editors: to everyone else
its address answers 404, exactly as a missing one (docs/architecture.md, "Access")."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from socius.core.access import user_can
from socius.core.roles import Capability
from socius.school.models import Course, CourseModule


def course_for_view(*, user: Any, slug: str) -> Course:
    """A published course, or a draft for people with ``SCHOOL_COURSES``; 404 otherwise."""
    course = Course.objects.select_related("municipality").filter(slug=slug).first()
    if course is None:
        raise Http404
    if course.status != Course.Status.PUBLISHED and not user_can(user, Capability.SCHOOL_COURSES):
        raise Http404
    return course


def course_for_edit(*, user: Any, slug: str) -> Course:
    """Any course, for people with ``SCHOOL_COURSES`` (the view's decorator has already
    answered 403 to everyone else); 404 for an unknown address."""
    if not user_can(user, Capability.SCHOOL_COURSES):
        raise Http404
    course = Course.objects.select_related("municipality").filter(slug=slug).first()
    if course is None:
        raise Http404
    return course


def module_for_edit(*, user: Any, course: Course, module_id: int) -> CourseModule:
    """A module of ``course`` for a course editor; 404 for a module of another course."""
    if not user_can(user, Capability.SCHOOL_COURSES):
        raise Http404
    module = CourseModule.objects.filter(course=course, pk=module_id).first()
    if module is None:
        raise Http404
    return module
