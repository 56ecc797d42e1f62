"""Reads of the classes part: teachers to verify, a teacher's classes, a class's pupils."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, QuerySet

from socius.school.models import Course, Pupil, School, SchoolClass, TeacherProfile

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.models import Municipality


def teacher_list_for_verification(
    *, municipality: Municipality | None = None
) -> QuerySet[TeacherProfile]:
    """Teacher profiles for the administrator: those waiting for verification first, then by
    school and name; optionally one municipality's."""
    profiles = TeacherProfile.objects.select_related("user", "school__municipality", "verified_by")
    if municipality is not None:
        profiles = profiles.filter(school__municipality=municipality)
    return profiles.order_by(F("verified_at").asc(nulls_first=True), "school__name", "user__name")


def teacher_pending_list() -> QuerySet[TeacherProfile]:
    """Teachers waiting for the municipality's verification, oldest first."""
    return (
        TeacherProfile.objects.filter(verified_at__isnull=True)
        .select_related("user", "school__municipality")
        .order_by("created_at", "id")
    )


def class_list_for_teacher(*, user: User) -> QuerySet[SchoolClass]:
    """The teacher's classes that are not archived, with their pupil counts."""
    return (
        SchoolClass.objects.filter(teacher=user, archived_at__isnull=True)
        .select_related("school", "course")
        .annotate(pupil_count=Count("pupils"))
        .order_by("-school_year", "name")
    )


def pupil_list_for_class(*, school_class: SchoolClass) -> list[Pupil]:
    """The class's pupils by pseudonym (for its teacher and classmates)."""
    pupils = list(Pupil.objects.filter(school_class=school_class).order_by("pseudonym"))
    for pupil in pupils:
        # Every pupil belongs to this class: spare may_take_part a query each.
        pupil.school_class = school_class
    return pupils


def course_choices_for(*, user: User) -> QuerySet[Course]:
    """The published courses of the teacher's school's municipality."""
    return Course.objects.filter(
        municipality__schools__teachers__user=user, status=Course.Status.PUBLISHED
    ).order_by("title")


def school_names(*, municipality: Municipality | None = None) -> list[dict[str, Any]]:
    """The schools known so far (name and municipality), for the teacher's choice."""
    schools = School.objects.select_related("municipality").order_by("municipality__name", "name")
    if municipality is not None:
        schools = schools.filter(municipality=municipality)
    return [{"name": s.name, "municipality": s.municipality.name} for s in schools]


def school_year_label(year: int) -> str:
    """A school year as teachers write it: 2026 -> "2026/27"."""
    return f"{year}/{(year + 1) % 100:02d}"
