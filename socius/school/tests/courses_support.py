"""Test data of the courses part: a course editor, courses and lesson plans."""

from __future__ import annotations

from typing import Any

from socius.core.models import Municipality
from socius.core.roles import Role
from socius.knowledge.models import LessonPlanPage
from socius.knowledge.setup import knowledge_index_ensure
from socius.school import services_courses
from socius.school.models import Course
from socius.tests_support.factories import UserFactory


def course_editor() -> Any:
    return UserFactory(roles=[Role.EDITOR], totp=True)


def course_values(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Medborgerskab i 8.-9. klasse",
        "summary": "Et valgfag over to år.",
        "goals": "Eleverne kan forklare, hvordan kommunen bestemmer.\nEleverne kan debattere.",
        "hours": 120,
        "first_grade": 8,
        "last_grade": 9,
    }
    values.update(fields)
    return values


def course_make(
    *,
    actor: Any = None,
    code: str = "751",
    modules: int = 0,
    published: bool = False,
    **fields: Any,
) -> Course:
    actor = actor or course_editor()
    course = services_courses.course_create(
        actor=actor, municipality=Municipality.objects.get(code=code), **course_values(**fields)
    )
    for n in range(modules):
        services_courses.module_add(
            actor=actor, course=course, title=f"Modul {n + 1}", goals="Mål", hours=10
        )
    if published:
        services_courses.course_publish(actor=actor, course=course)
    return course


def lesson_plan_make(*, title: str = "Tal om vores kommune", live: bool = True) -> LessonPlanPage:
    index = knowledge_index_ensure()
    page = LessonPlanPage(
        title=title,
        summary="Klassen finder tal om kommunen.",
        goals="Eleverne kan finde et tal.",
        lessons=2,
        live=live,
    )
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.save_revision()
    return LessonPlanPage.objects.get(pk=page.pk)
