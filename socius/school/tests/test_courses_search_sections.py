"""Courses in search and on the municipality's page, and the part's demo content."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.core.models import Municipality, MunicipalSpace
from socius.core.search_registry import registration_get
from socius.school import services_courses
from socius.school.models import Course, SchoolClass
from socius.school.sections_courses import municipality_courses
from socius.school.tests.courses_support import course_editor, course_make
from socius.search.models import SearchDocument
from socius.search.selectors import search_query

pytestmark = pytest.mark.django_db


@pytest.fixture
def space(db):
    space, _created = MunicipalSpace.objects.get_or_create(
        municipality=Municipality.objects.get(code="751"),
        defaults={"slug": "aarhus", "authority": "Aarhus Kommune", "contact_email": "a@a.dk"},
    )
    return space


def test_courses_are_registered_for_search():
    registration = registration_get("school_course")
    assert registration is not None
    assert registration.module == "school"


def test_a_published_course_is_indexed_and_leaves_on_unpublish(
    django_capture_on_commit_callbacks,
):
    editor = course_editor()
    with django_capture_on_commit_callbacks(execute=True):
        course = course_make(actor=editor, modules=1, goals="Eleverne kan debattere demokrati.")
    assert not SearchDocument.objects.filter(kind="school_course").exists()

    with django_capture_on_commit_callbacks(execute=True):
        services_courses.course_publish(actor=editor, course=course)
    doc = SearchDocument.objects.get(kind="school_course")
    assert doc.url == course.get_absolute_url()
    assert [h.document.url for h in search_query(q="demokratiet").hits] == [doc.url]

    with django_capture_on_commit_callbacks(execute=True):
        services_courses.module_add(
            actor=editor, course=course, title="Byrådsbesøg", goals="", hours=5
        )
    assert [h.document.url for h in search_query(q="byrådsbesøg").hits] == [doc.url]

    with django_capture_on_commit_callbacks(execute=True):
        services_courses.course_unpublish(actor=editor, course=course)
    assert not SearchDocument.objects.filter(kind="school_course").exists()


def test_the_municipality_page_shows_its_published_courses(client, space):
    published = course_make(modules=1, published=True)
    draft = course_make(title="Kladde til Aarhus")
    elsewhere = course_make(modules=1, published=True, title="Odense-forløb", code="461")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("core:municipality-space", args=["aarhus"])).content.decode()
    assert "Citizenship in school" in body
    assert f'href="{published.get_absolute_url()}"' in body
    assert draft.title not in body
    assert elsewhere.title not in body


def test_the_section_says_so_when_there_is_no_course(client, space):
    client.cookies["django_language"] = "en"
    body = client.get(reverse("core:municipality-space", args=["aarhus"])).content.decode()
    assert "The municipality has not published a citizenship course yet." in body


def test_the_section_costs_one_query_whatever_the_data(space):
    editor = course_editor()
    for n in range(12):
        course_make(actor=editor, modules=1, published=True, title=f"Forløb {n}")
    with CaptureQueriesContext(connection) as ctx:
        items = municipality_courses(municipality=space.municipality)
        urls = [c.get_absolute_url() for c in items]
        names = [c.municipality.name for c in items]
    assert len(ctx.captured_queries) == 1
    assert len(urls) == len(names) == 10


def test_the_demo_is_idempotent_and_the_demo_class_follows_the_course(client):
    from socius.core.demo import demo_seed as core_demo_seed
    from socius.knowledge.models import LessonPlanPage
    from socius.school.demo_classes import demo_seed as classes_demo_seed
    from socius.school.demo_courses import COURSE_SLUG, demo_seed

    core_demo_seed()
    classes_demo_seed()
    assert demo_seed()
    demo_seed()
    course = Course.objects.get(slug=COURSE_SLUG)
    assert course.status == Course.Status.PUBLISHED
    assert (course.hours, course.first_grade, course.last_grade) == (120, 8, 9)
    assert course.modules.count() == 5
    assert sum(m.hours for m in course.modules.all()) <= course.hours
    assert LessonPlanPage.objects.live().count() == 2
    assert course.modules.exclude(lesson_plan=None).count() == 2
    assert SchoolClass.objects.get(code="DEMO8B26").course == course
    assert client.get(course.get_absolute_url()).status_code == 200
