"""Writes of the courses part: the municipality's elective and its modules.

Only people with ``Capability.SCHOOL_COURSES`` (editors and administrators) write; every
service checks that itself, validates, saves in one transaction and writes an audit entry that
names the course and the fields changed, never the text.

The rules of the elective (docs: "Citizenship elective"): a course is for grade 7 to 10 and has
1 to 240 hours (about 60 a year); a local two-year elective covers 7th-8th or 8th-9th grade, so a
course spans one grade or two grades next to each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.roles import Capability
from socius.core.text import danish_slugify, slug_free
from socius.school.audit_courses import (
    AUDIT_COURSE_CREATED,
    AUDIT_COURSE_PUBLISHED,
    AUDIT_COURSE_UNPUBLISHED,
    AUDIT_COURSE_UPDATED,
    AUDIT_MODULE_ADDED,
    AUDIT_MODULE_MOVED,
    AUDIT_MODULE_REMOVED,
    AUDIT_MODULE_UPDATED,
)
from socius.school.models import Course, CourseModule

if TYPE_CHECKING:
    from socius.core.models import Municipality

MIN_HOURS, MAX_HOURS = 1, 240
FIRST_GRADE, LAST_GRADE = 7, 10
# Two-year local electives are possible over these grades (from 2025).
TWO_YEAR_STARTS = (7, 8)
# Slugs that are addresses of their own under /medborgerskab/kurser/.
RESERVED_SLUGS = frozenset({"ny"})
COURSE_FIELDS = frozenset({"title", "summary", "goals", "hours", "first_grade", "last_grade"})


def _text(value: Any) -> str:
    return str(value or "").replace("\x00", "").replace("\r\n", "\n").strip()


def _number(value: Any, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Write a whole number.")}) from None


def _course_check(course: Course) -> None:
    """The elective's rules, with an error on the field that breaks them."""
    errors: dict[str, str] = {}
    if not MIN_HOURS <= course.hours <= MAX_HOURS:
        errors["hours"] = _("A course has from 1 to 240 hours.")
    first, last = course.first_grade, course.last_grade
    if not FIRST_GRADE <= first <= LAST_GRADE:
        errors["first_grade"] = _("Choose a grade from 7 to 10.")
    if not FIRST_GRADE <= last <= LAST_GRADE:
        errors["last_grade"] = _("Choose a grade from 7 to 10.")
    elif first > last:
        errors["last_grade"] = _("The last grade cannot come before the first grade.")
    elif last - first > 1 or (last != first and first not in TWO_YEAR_STARTS):
        errors["last_grade"] = _(
            "A course is for one grade, or for two years: 7th-8th or 8th-9th grade."
        )
    if errors:
        raise ValidationError(errors)
    course.full_clean(exclude=["slug", "created_by", "municipality"])


def _course_slug(title: str) -> str:
    base = danish_slugify(title)[:100].strip("-") or "forloeb"
    return slug_free(
        base, lambda slug: slug in RESERVED_SLUGS or Course.objects.filter(slug=slug).exists()
    )


def _course_values(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - COURSE_FIELDS
    if unknown:
        raise TypeError(f"Unknown course fields: {sorted(unknown)}")
    values: dict[str, Any] = {}
    for key, value in fields.items():
        is_number = key in {"hours", "first_grade", "last_grade"}
        values[key] = _number(value, key) if is_number else _text(value)
    return values


@transaction.atomic
def course_create(
    *,
    actor: Any,
    municipality: Municipality,
    title: str,
    summary: str,
    goals: str,
    hours: int,
    first_grade: int,
    last_grade: int,
) -> Course:
    """A draft course of ``municipality``; its address is made from the title."""
    require(actor, Capability.SCHOOL_COURSES)
    values = _course_values(
        {
            "title": title,
            "summary": summary,
            "goals": goals,
            "hours": hours,
            "first_grade": first_grade,
            "last_grade": last_grade,
        }
    )
    course = Course(municipality=municipality, created_by=actor, **values)
    _course_check(course)
    course.slug = _course_slug(course.title)
    course.save()
    audit_record(actor=actor, action=AUDIT_COURSE_CREATED, target=course)
    return course


@transaction.atomic
def course_update(*, actor: Any, course: Course, **fields: Any) -> Course:
    """Change a course's text, hours or grades. The address stays, so links keep working."""
    require(actor, Capability.SCHOOL_COURSES)
    values = _course_values(fields)
    changed = sorted(k for k, v in values.items() if getattr(course, k) != v)
    for key, value in values.items():
        setattr(course, key, value)
    _course_check(course)
    if _module_hours(course) > course.hours:
        raise ValidationError({"hours": _("The modules have more hours than the course.")})
    if changed:
        course.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor, action=AUDIT_COURSE_UPDATED, target=course, data={"fields": changed}
        )
    return course


def _status_set(*, actor: Any, course: Course, status: str, action: str) -> Course:
    require(actor, Capability.SCHOOL_COURSES)
    if course.status == status:
        return course
    course.status = status
    course.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=action, target=course)
    return course


@transaction.atomic
def course_publish(*, actor: Any, course: Course) -> Course:
    """Show the course to everyone (and in search). Publishing twice changes nothing."""
    require(actor, Capability.SCHOOL_COURSES)
    if not course.modules.exists():
        raise ValidationError(_("Add at least one module before you publish the course."))
    return _status_set(
        actor=actor, course=course, status=Course.Status.PUBLISHED, action=AUDIT_COURSE_PUBLISHED
    )


@transaction.atomic
def course_unpublish(*, actor: Any, course: Course) -> Course:
    """Take the course back to draft: only course editors see it (it leaves search)."""
    return _status_set(
        actor=actor, course=course, status=Course.Status.DRAFT, action=AUDIT_COURSE_UNPUBLISHED
    )


# Modules


def _module_hours(course: Course, *, without: CourseModule | None = None) -> int:
    modules = CourseModule.objects.filter(course=course)
    if without is not None:
        modules = modules.exclude(pk=without.pk)
    return int(modules.aggregate(total=Sum("hours"))["total"] or 0)


def _lesson_plan_check(lesson_plan: Any) -> None:
    """Only a published lesson plan of the knowledge hub can be linked."""
    if lesson_plan is None:
        return
    from socius.knowledge.selectors import lesson_plans_published

    if not lesson_plans_published().filter(pk=lesson_plan.pk).exists():
        raise ValidationError({"lesson_plan": _("Choose a published lesson plan.")})


def _module_check(course: Course, module: CourseModule) -> None:
    module.title = _text(module.title)
    module.goals = _text(module.goals)
    module.hours = _number(module.hours, "hours")
    if not MIN_HOURS <= module.hours <= MAX_HOURS:
        raise ValidationError({"hours": _("A module has from 1 to 240 hours.")})
    if _module_hours(course, without=module) + module.hours > course.hours:
        raise ValidationError(
            {"hours": _("The modules would have more hours than the course has.")}
        )
    _lesson_plan_check(module.lesson_plan)
    module.full_clean(exclude=["course", "lesson_plan"])


def _course_locked(course: Course) -> Course:
    """The course row locked for the transaction, so two editors' changes to the modules'
    order and hours follow each other."""
    return Course.objects.select_for_update().get(pk=course.pk)


def _module_of(course: Course, module: CourseModule) -> CourseModule:
    if module.course_id != course.pk:
        raise ValidationError(_("The module is not part of this course."))
    return CourseModule.objects.get(pk=module.pk)


@transaction.atomic
def module_add(
    *,
    actor: Any,
    course: Course,
    title: str,
    goals: str,
    hours: int,
    lesson_plan: Any = None,
) -> CourseModule:
    """A new module last in ``course``."""
    require(actor, Capability.SCHOOL_COURSES)
    course = _course_locked(course)
    last = CourseModule.objects.filter(course=course).aggregate(last=Max("order"))["last"]
    module = CourseModule(
        course=course,
        order=(last or 0) + 1,
        title=title,
        goals=goals,
        hours=hours,
        lesson_plan=lesson_plan,
    )
    _module_check(course, module)
    module.save()
    audit_record(actor=actor, action=AUDIT_MODULE_ADDED, target=course, data={"module": module.pk})
    return module


@transaction.atomic
def module_update(
    *,
    actor: Any,
    course: Course,
    module: CourseModule,
    title: str,
    goals: str,
    hours: int,
    lesson_plan: Any = None,
) -> CourseModule:
    """Change a module's title, goals, hours or lesson plan."""
    require(actor, Capability.SCHOOL_COURSES)
    course = _course_locked(course)
    module = _module_of(course, module)
    before = (module.title, module.goals, module.hours, module.lesson_plan_id)
    module.title, module.goals, module.hours = title, goals, hours
    module.lesson_plan = lesson_plan
    _module_check(course, module)
    names = ("title", "goals", "hours", "lesson_plan")
    after = (module.title, module.goals, module.hours, module.lesson_plan_id)
    changed = [n for n, a, b in zip(names, before, after, strict=True) if a != b]
    if changed:
        module.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action=AUDIT_MODULE_UPDATED,
            target=course,
            data={"module": module.pk, "fields": changed},
        )
    return module


def _renumber(course: Course) -> None:
    """Orders 1, 2, 3, ... in the current order, so moving is always a swap of neighbours."""
    for n, module in enumerate(CourseModule.objects.filter(course=course), start=1):
        if module.order != n:
            CourseModule.objects.filter(pk=module.pk).update(order=n)


@transaction.atomic
def module_remove(*, actor: Any, course: Course, module: CourseModule) -> None:
    """Remove a module from the course (the lesson plan stays in the knowledge hub)."""
    require(actor, Capability.SCHOOL_COURSES)
    course = _course_locked(course)
    module = _module_of(course, module)
    module_pk = module.pk
    module.delete()
    _renumber(course)
    audit_record(
        actor=actor, action=AUDIT_MODULE_REMOVED, target=course, data={"module": module_pk}
    )


@transaction.atomic
def module_move(
    *, actor: Any, course: Course, module: CourseModule, direction: Literal["up", "down"]
) -> CourseModule:
    """Swap a module with the one before (``up``) or after it (``down``); at the start or
    the end nothing moves."""
    require(actor, Capability.SCHOOL_COURSES)
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a module up or down."))
    course = _course_locked(course)
    _renumber(course)
    module = _module_of(course, module)
    target = module.order - 1 if direction == "up" else module.order + 1
    neighbour = CourseModule.objects.filter(course=course, order=target).first()
    if neighbour is None:
        return module
    CourseModule.objects.filter(pk=neighbour.pk).update(order=module.order)
    CourseModule.objects.filter(pk=module.pk).update(order=target)
    module.order = target
    audit_record(
        actor=actor,
        action=AUDIT_MODULE_MOVED,
        target=course,
        data={"module": module.pk, "direction": direction},
    )
    return module
