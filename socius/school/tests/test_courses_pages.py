"""The courses part's pages: the elective's front page, a course, and the course editors'
pages; outsiders (403 and 404), hostile input and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from socius.core.models import Municipality, MunicipalSpace
from socius.core.roles import Role
from socius.school.models import Course, CourseModule
from socius.school.tests.courses_support import course_editor, course_make, lesson_plan_make
from socius.tests_support.factories import UserFactory
from socius.tests_support.pages import main_of, query_count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English: the message ids, whatever the Danish catalogue holds."""
    client.cookies["django_language"] = "en"


@pytest.fixture(autouse=True)
def space(db):
    """Aarhus takes part: the create form offers the participating municipalities."""
    MunicipalSpace.objects.get_or_create(
        municipality=Municipality.objects.get(code="751"),
        defaults={"slug": "aarhus", "authority": "Aarhus Kommune", "contact_email": "a@a.dk"},
    )


@pytest.fixture
def editor():
    return course_editor()


@pytest.fixture
def course(editor):
    return course_make(actor=editor, modules=2, published=True)


def _form(**fields):
    values = {
        "municipality": str(Municipality.objects.get(code="751").pk),
        "title": "Demokrati tæt på",
        "summary": "Et valgfag i 9. klasse.",
        "goals": "Eleverne kan debattere.",
        "hours": "60",
        "first_grade": "9",
        "last_grade": "9",
    }
    values.update(fields)
    return values


def test_the_front_page_explains_the_elective_and_lists_published_courses(client, course):
    draft = course_make(title="Hemmelig kladde")
    html = main_of(client, reverse("school:home"))
    assert "Citizenship in school" in html
    assert course.title in html
    assert "Aarhus" in html
    assert draft.title not in html
    assert "https://emu.dk/" in html
    assert "Grib demokratiet" in html
    assert "Ungdommens Folkemøde" in html
    assert reverse("school:course-create") not in html


def test_the_front_page_leads_pupils_teachers_and_associations_on(client):
    html = main_of(client, reverse("school:home"))
    for name, label in (
        ("school:class-create", "Create a class"),
        ("school:join", "Join with a class code"),
        ("school:pupil-login", "Log in as a pupil"),
        ("school:offer-create", "Offer a visit"),
        ("school:offer-list", "See the visits on offer"),
        ("school:teacher-start", "Are you a teacher? Tell us where you teach"),
        ("school:numbers", "How many take part"),
    ):
        assert f'href="{reverse(name)}"' in html
        assert gettext(label) in html


def test_course_editors_see_drafts_and_the_create_link(client, editor):
    draft = course_make(title="Min kladde")
    client.force_login(editor)
    html = main_of(client, reverse("school:home"))
    assert draft.title in html
    assert reverse("school:course-create") in html


def test_the_course_page_shows_hours_goals_grades_and_modules_in_order(client, editor):
    plan = lesson_plan_make()
    course = course_make(actor=editor, modules=2)
    from socius.school import services_courses

    services_courses.module_add(
        actor=editor,
        course=course,
        title="Tal om vores kommune",
        goals="Find tal.",
        hours=20,
        lesson_plan=plan,
    )
    services_courses.course_publish(actor=editor, course=course)
    html = main_of(client, course.get_absolute_url())
    assert "120 hours" in html
    assert "grades 8 to 9 (two years)" in html
    assert "Eleverne kan debattere." in html
    assert html.index("Modul 1") < html.index("Modul 2") < html.index("Tal om vores kommune")
    assert f'href="{plan.url}"' in html
    assert "Change the course" not in html


def test_a_draft_course_is_404_to_everyone_but_course_editors(client, editor):
    draft = course_make(title="Kladde")
    assert client.get(draft.get_absolute_url()).status_code == 404
    for roles in ([], [Role.TEACHER], [Role.CITIZEN]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/medborgerskab/kurser/findes-ikke/").status_code == 404
    client.force_login(editor)
    html = main_of(client, draft.get_absolute_url())
    assert "This course is a draft." in html


EDIT_PAGES = [
    ("school:course-edit", True, False),
    ("school:course-modules", True, False),
    ("school:course-publish", True, True),
    ("school:course-unpublish", True, True),
    ("school:course-module-add", True, True),
]


@pytest.mark.parametrize("roles", [[], [Role.TEACHER], [Role.CITIZEN], [Role.POLITICIAN]])
def test_people_without_the_course_capability_get_403_on_the_edit_pages(client, course, roles):
    client.force_login(UserFactory(roles=roles))
    module = course.modules.first()
    urls = [
        (reverse("school:course-create"), False),
        *((reverse(name, args=[course.slug]), post) for name, _a, post in EDIT_PAGES),
        (reverse("school:course-module-edit", args=[course.slug, module.pk]), False),
        (reverse("school:course-module-remove", args=[course.slug, module.pk]), True),
        (reverse("school:course-module-up", args=[course.slug, module.pk]), True),
        (reverse("school:course-module-down", args=[course.slug, module.pk]), True),
        # The same for an unknown course: 403 never depends on whether the address exists.
        (reverse("school:course-edit", args=["findes-ikke"]), False),
    ]
    for url, post in urls:
        response = client.post(url, {"title": "Hacket"}) if post else client.get(url)
        assert response.status_code == 403, url
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    assert CourseModule.objects.filter(course=course).count() == 2


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    response = client.get(reverse("school:course-edit", args=[course.slug]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_editor_creates_a_course_adds_modules_and_publishes(client, editor):
    client.force_login(editor)
    response = client.post(reverse("school:course-create"), _form())
    course = Course.objects.get(title="Demokrati tæt på")
    assert response.status_code == 302
    assert response["Location"] == reverse("school:course-modules", args=[course.slug])

    add = reverse("school:course-module-add", args=[course.slug])
    client.post(add, {"title": "Første", "goals": "Mål", "hours": "20"})
    client.post(add, {"title": "Anden", "goals": "", "hours": "20"})
    first, second = course.modules.all()
    client.post(reverse("school:course-module-down", args=[course.slug, first.pk]))
    assert list(course.modules.values_list("title", flat=True)) == ["Anden", "Første"]
    client.post(
        reverse("school:course-module-edit", args=[course.slug, second.pk]),
        {"title": "Anden, rettet", "goals": "", "hours": "15"},
    )
    client.post(reverse("school:course-module-remove", args=[course.slug, first.pk]))
    assert list(course.modules.values_list("title", flat=True)) == ["Anden, rettet"]

    response = client.post(reverse("school:course-publish", args=[course.slug]), follow=True)
    assert "The course is published." in response.content.decode()
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED

    edit = reverse("school:course-edit", args=[course.slug])
    assert client.get(edit).status_code == 200
    client.post(edit, {**_form(), "title": "Demokrati helt tæt på"})
    course.refresh_from_db()
    assert course.title == "Demokrati helt tæt på"


def test_publishing_without_modules_tells_why(client, editor):
    course = course_make(actor=editor)
    client.force_login(editor)
    response = client.post(reverse("school:course-publish", args=[course.slug]), follow=True)
    assert "Add at least one module" in response.content.decode()
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "x" * 151}, "at most 150 characters"),
        ({"hours": "0"}, "greater than or equal to 1"),
        ({"hours": "mange"}, "Enter a whole number"),
        ({"hours": "99999999999999999999"}, "less than or equal to 240"),
        ({"first_grade": "7", "last_grade": "9"}, "7th-8th or 8th-9th grade"),
        ({"first_grade": "9", "last_grade": "8"}, "The last grade cannot come before"),
        ({"first_grade": "6"}, "Select a valid choice"),
        ({"municipality": "999999"}, "Select a valid choice"),
        ({"municipality": "<script>"}, "Select a valid choice"),
        ({"goals": ""}, "This field is required"),
    ],
)
def test_hostile_course_input_gets_a_clear_error_and_saves_nothing(client, editor, fields, message):
    client.force_login(editor)
    response = client.post(reverse("school:course-create"), _form(**fields))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not Course.objects.exists()
    if "title" not in fields:
        assert "Demokrati tæt på" in html  # what was typed is kept


def test_html_in_a_course_is_shown_as_text(client, editor):
    course = course_make(
        actor=editor, modules=1, published=True, summary="<script>alert(1)</script><b>x</b>"
    )
    html = main_of(client, course.get_absolute_url())
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"hours": "500"}, "less than or equal to 240"),
        ({"hours": "101"}, "more hours than the course has"),
        ({"title": ""}, "This field is required"),
        ({"lesson_plan": "999999"}, "Select a valid choice"),
        ({"lesson_plan": "abc"}, "Select a valid choice"),
    ],
)
def test_hostile_module_input_gets_a_clear_error_and_saves_nothing(
    client, editor, course, fields, message
):
    client.force_login(editor)
    values = {"title": "Nyt modul", "goals": "", "hours": "10", **fields}
    response = client.post(reverse("school:course-module-add", args=[course.slug]), values)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert course.modules.count() == 2


def test_a_draft_lesson_plan_cannot_be_forged_into_a_module(client, editor, course):
    draft = lesson_plan_make(title="Kladde", live=False)
    client.force_login(editor)
    values = {"title": "Nyt modul", "goals": "", "hours": "10", "lesson_plan": str(draft.pk)}
    response = client.post(reverse("school:course-module-add", args=[course.slug]), values)
    assert response.status_code == 200
    assert course.modules.count() == 2


def test_a_module_of_another_course_is_404(client, editor, course):
    other = course_make(actor=editor, title="Andet", modules=1)
    foreign = other.modules.get()
    client.force_login(editor)
    for name in (
        "school:course-module-edit",
        "school:course-module-remove",
        "school:course-module-up",
    ):
        url = reverse(name, args=[course.slug, foreign.pk])
        response = client.post(url, {"title": "X", "hours": "1"})
        assert response.status_code == 404
    assert CourseModule.objects.filter(pk=foreign.pk).exists()


def test_an_action_url_refuses_get(client, editor, course):
    client.force_login(editor)
    assert client.get(reverse("school:course-publish", args=[course.slug])).status_code == 405


def test_the_front_page_and_a_course_page_keep_their_query_count(client, editor):
    plan = lesson_plan_make()
    course = course_make(actor=editor, modules=1, published=True)
    from socius.school import services_courses

    services_courses.module_add(
        actor=editor, course=course, title="Med plan", goals="", hours=5, lesson_plan=plan
    )
    course_make(actor=editor, modules=1, published=True, title="Andet", code="101")
    home = reverse("school:home")
    home_before = query_count(client, home)
    course_before = query_count(client, course.get_absolute_url())

    from socius.school import services_courses

    for n in range(4):
        course_make(actor=editor, modules=2, published=True, title=f"Flere {n}", code="147")
        services_courses.module_add(
            actor=editor,
            course=course,
            title=f"Ekstra {n}",
            goals="",
            hours=5,
            lesson_plan=plan,
        )
    assert query_count(client, home) == home_before
    assert query_count(client, course.get_absolute_url()) == course_before
    assert home_before <= 6
    assert course_before <= 8
