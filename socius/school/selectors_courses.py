"""Reads of the courses part. Each list is one query (or one per related list), whatever the
number of courses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum

from socius.school.models import Course, CourseModule


def course_list_published(*, municipality: Any = None) -> QuerySet[Course]:
    """Published courses, by municipality and title, with their module count and module
    hours; only ``municipality``'s when given."""
    courses = Course.objects.filter(status=Course.Status.PUBLISHED)
    if municipality is not None:
        courses = courses.filter(municipality=municipality)
    return (
        courses.select_related("municipality")
        .annotate(module_count=Count("modules"))
        .order_by("municipality__name", "title", "id")
    )


def course_list_drafts() -> QuerySet[Course]:
    """Draft courses, newest change first (for course editors)."""
    return (
        Course.objects.filter(status=Course.Status.DRAFT)
        .select_related("municipality")
        .order_by("-updated_at", "-id")
    )


def courses_by_municipality(courses: Iterable[Course]) -> list[dict[str, Any]]:
    """``courses`` (ordered by municipality) grouped as ``[{"municipality", "courses"}]``."""
    groups: list[dict[str, Any]] = []
    for course in courses:
        if not groups or groups[-1]["municipality"].pk != course.municipality_id:
            groups.append({"municipality": course.municipality, "courses": []})
        groups[-1]["courses"].append(course)
    return groups


def course_modules(course: Course) -> list[CourseModule]:
    """The course's modules in order, each with its lesson plan (one query)."""
    return list(
        CourseModule.objects.filter(course=course)
        .select_related("lesson_plan")
        .order_by("order", "id")
    )


def course_module_hours(course: Course) -> int:
    """How many of the course's hours its modules fill."""
    return int(CourseModule.objects.filter(course=course).aggregate(t=Sum("hours"))["t"] or 0)


def course_list_for_search() -> QuerySet[Course]:
    """Every course with its municipality and modules, for the search index (it decides
    what is public)."""
    return Course.objects.select_related("municipality").prefetch_related(
        Prefetch("modules", queryset=CourseModule.objects.order_by("order", "id"))
    )
