"""The courses part's services: who may write, the elective's rules, modules in order, the
audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socius.core.models import AuditEntry, Municipality
from socius.core.roles import Role
from socius.school import services_courses as services
from socius.school.models import Course, CourseModule
from socius.school.tests.courses_support import (
    course_editor,
    course_make,
    course_values,
    lesson_plan_make,
)
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def _aarhus():
    return Municipality.objects.get(code="751")


def test_an_editor_creates_a_draft_with_a_danish_slug():
    course = course_make(title="Fællesskab og årets gang")
    assert course.status == Course.Status.DRAFT
    assert course.slug == "faellesskab-og-aarets-gang"
    entry = AuditEntry.objects.filter(action="school.course.create").latest("id")
    assert entry.target_id == str(course.pk)
    assert course_make(title="Fællesskab og årets gang").slug == "faellesskab-og-aarets-gang-2"


def test_the_slug_never_takes_the_address_of_the_create_page():
    assert course_make(title="Ny").slug == "ny-2"


@pytest.mark.parametrize(
    "user_kwargs",
    [{}, {"roles": [Role.TEACHER]}, {"roles": [Role.CITIZEN]}, {"roles": [Role.POLITICIAN]}],
)
def test_only_course_editors_write(user_kwargs):
    outsider = UserFactory(**user_kwargs)
    course = course_make(modules=1)
    module = course.modules.get()
    with pytest.raises(PermissionDenied):
        services.course_create(actor=outsider, municipality=_aarhus(), **course_values())
    calls = [
        lambda: services.course_update(actor=outsider, course=course, title="X"),
        lambda: services.course_publish(actor=outsider, course=course),
        lambda: services.course_unpublish(actor=outsider, course=course),
        lambda: services.module_add(actor=outsider, course=course, title="M", goals="", hours=1),
        lambda: services.module_update(
            actor=outsider, course=course, module=module, title="M", goals="", hours=1
        ),
        lambda: services.module_remove(actor=outsider, course=course, module=module),
        lambda: services.module_move(actor=outsider, course=course, module=module, direction="up"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Course.objects.count() == 1
    assert CourseModule.objects.get().title == "Modul 1"


def test_an_administrator_may_write_too(administrator):
    course = course_make(actor=administrator, modules=1, published=True)
    assert course.status == Course.Status.PUBLISHED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"hours": 0}, "hours"),
        ({"hours": 241}, "hours"),
        ({"hours": "mange"}, "hours"),
        ({"first_grade": 6, "last_grade": 7}, "first_grade"),
        ({"first_grade": 8, "last_grade": 11}, "last_grade"),
        ({"first_grade": 9, "last_grade": 8}, "last_grade"),
        ({"first_grade": 7, "last_grade": 9}, "last_grade"),
        ({"first_grade": 9, "last_grade": 10}, "last_grade"),
        ({"title": ""}, "title"),
        ({"title": "x" * 151}, "title"),
        ({"summary": "x" * 501}, "summary"),
        ({"goals": "   "}, "goals"),
    ],
)
def test_the_electives_rules_are_kept(fields, field):
    editor = course_editor()
    with pytest.raises(ValidationError) as caught:
        services.course_create(actor=editor, municipality=_aarhus(), **course_values(**fields))
    assert field in caught.value.message_dict
    assert not Course.objects.exists()


@pytest.mark.parametrize(("first", "last"), [(7, 7), (7, 8), (8, 9), (10, 10)])
def test_one_grade_or_two_years_over_7_8_or_8_9_are_allowed(first, last):
    assert course_make(first_grade=first, last_grade=last).last_grade == last


def test_an_update_names_the_changed_fields_and_keeps_the_address():
    editor = course_editor()
    course = course_make(actor=editor)
    services.course_update(actor=editor, course=course, title="Nyt navn", hours=60)
    course.refresh_from_db()
    assert (course.title, course.hours, course.slug) == (
        "Nyt navn",
        60,
        "medborgerskab-i-8-9-klasse",
    )
    entry = AuditEntry.objects.filter(action="school.course.update").latest("id")
    assert entry.data["fields"] == ["hours", "title"]
    assert "Nyt navn" not in str(entry.data)
    with pytest.raises(TypeError):
        services.course_update(actor=editor, course=course, status="published")


def test_a_course_without_modules_cannot_be_published():
    editor = course_editor()
    course = course_make(actor=editor)
    with pytest.raises(ValidationError):
        services.course_publish(actor=editor, course=course)
    services.module_add(actor=editor, course=course, title="Start", goals="", hours=10)
    services.course_publish(actor=editor, course=course)
    services.course_publish(actor=editor, course=course)  # twice: no second entry
    assert AuditEntry.objects.filter(action="school.course.publish").count() == 1
    services.course_unpublish(actor=editor, course=course)
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_modules_are_added_in_order_and_moved_and_removed():
    editor = course_editor()
    course = course_make(actor=editor, modules=3)
    first, second, third = course.modules.all()
    services.module_move(actor=editor, course=course, module=third, direction="up")
    assert list(course.modules.values_list("title", flat=True)) == ["Modul 1", "Modul 3", "Modul 2"]
    services.module_move(actor=editor, course=course, module=first, direction="up")  # no-op
    services.module_move(actor=editor, course=course, module=first, direction="down")
    assert list(course.modules.values_list("title", flat=True)) == ["Modul 3", "Modul 1", "Modul 2"]
    services.module_remove(actor=editor, course=course, module=third)
    assert list(course.modules.values_list("title", "order")) == [("Modul 1", 1), ("Modul 2", 2)]
    module = services.module_add(actor=editor, course=course, title="Sidst", goals="", hours=5)
    assert module.order == 3
    with pytest.raises(ValidationError):
        services.module_move(actor=editor, course=course, module=module, direction="sideways")  # type: ignore[arg-type]


def test_a_module_of_another_course_is_refused():
    editor = course_editor()
    course = course_make(actor=editor, modules=1)
    other = course_make(actor=editor, title="Andet", modules=1)
    foreign = other.modules.get()
    with pytest.raises(ValidationError):
        services.module_remove(actor=editor, course=course, module=foreign)
    with pytest.raises(ValidationError):
        services.module_update(
            actor=editor, course=course, module=foreign, title="X", goals="", hours=1
        )
    assert CourseModule.objects.filter(pk=foreign.pk, title="Modul 1").exists()


def test_the_modules_cannot_have_more_hours_than_the_course():
    editor = course_editor()
    course = course_make(actor=editor, hours=30, first_grade=8, last_grade=8)
    services.module_add(actor=editor, course=course, title="A", goals="", hours=20)
    with pytest.raises(ValidationError) as caught:
        services.module_add(actor=editor, course=course, title="B", goals="", hours=11)
    assert "hours" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.course_update(actor=editor, course=course, hours=19)
    assert course.modules.count() == 1


def test_a_module_links_only_a_published_lesson_plan():
    editor = course_editor()
    course = course_make(actor=editor)
    plan = lesson_plan_make()
    draft = lesson_plan_make(title="Kladde", live=False)
    module = services.module_add(
        actor=editor, course=course, title="Tal", goals="", hours=10, lesson_plan=plan
    )
    assert module.lesson_plan == plan
    with pytest.raises(ValidationError) as caught:
        services.module_update(
            actor=editor,
            course=course,
            module=module,
            title="Tal",
            goals="",
            hours=10,
            lesson_plan=draft,
        )
    assert "lesson_plan" in caught.value.message_dict
    module.refresh_from_db()
    assert module.lesson_plan == plan
    entry = AuditEntry.objects.filter(action="school.course.module_add").latest("id")
    assert entry.data == {"module": module.pk}


def test_removing_a_lesson_plan_keeps_the_module():
    editor = course_editor()
    course = course_make(actor=editor)
    plan = lesson_plan_make()
    module = services.module_add(
        actor=editor, course=course, title="Tal", goals="", hours=10, lesson_plan=plan
    )
    plan.delete()
    module.refresh_from_db()
    assert module.lesson_plan is None
