"""Lesson plans, the hub's publication kind for the citizenship elective: written in the
admin, reviewed by a second editor, shown with their goals, lessons, material and the atlas's
indicators, listed, filtered and found in search like every kind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.text import slugify
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from socius.core.roles import Role
from socius.knowledge.models import Kind, LessonPlanPage, indicator_codes_split
from socius.knowledge.selectors import lesson_plans_published
from socius.knowledge.setup import knowledge_index_ensure
from socius.search.models import SearchDocument
from socius.search.query import Filters
from socius.search.selectors import search_query
from socius.tests_support.factories import UserFactory
from socius.tests_support.pages import main_of

pytestmark = pytest.mark.django_db

SUMMARY = "Klassen finder tal om kommunen. Hvor mange bor her? Eleverne laver en plakat."


@pytest.fixture
def indicator(db):
    from socius.atlas.models import Indicator, Source

    source = Source.objects.create(
        key="dst-test", title="Statistikbanken", publisher="Danmarks Statistik"
    )
    return Indicator.objects.create(
        code="folketal-test",
        title="Folketal",
        unit="personer",
        definition="Antal personer med bopæl i kommunen.",
        source=source,
    )


def _plan(**fields):
    values = {
        "title": "Tal om vores kommune",
        "slug": "tal-om-vores-kommune",
        "summary": SUMMARY,
        "goals": "Eleverne kan finde et tal.\nEleverne kan forklare det.",
        "lessons": 4,
        "material": "Karton og tusser.",
        "municipal_data": "Folketal for kommunen.",
        "first_grade": 8,
        "last_grade": 9,
    }
    values.update(fields)
    return LessonPlanPage(**values)


def _publish(page):
    index = knowledge_index_ensure()
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_the_kind_is_listed_and_the_page_shows_the_lessons(client, indicator):
    page = _publish(_plan(indicator_codes="Folketal-test"))
    assert page.kind == Kind.LESSON_PLAN
    assert page.indicator_codes == "folketal-test"

    client.cookies["django_language"] = "en"
    html = main_of(client, page.url)
    assert "4 lessons of 45 minutes (180 minutes)" in html
    assert "Eleverne kan forklare det." in html
    assert "Karton og tusser." in html
    assert f'href="{indicator.get_absolute_url()}"' in html

    listing = client.get("/viden/?kind=lesson_plan").content.decode()
    assert "Tal om vores kommune" in listing
    assert "Tal om vores kommune" not in client.get("/viden/?kind=report").content.decode()
    assert list(lesson_plans_published()) == [page]


def test_a_published_lesson_plan_is_found_in_search_by_its_goals(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        page = _publish(_plan(goals="Eleverne kan forklare kommunens skatteprocent."))
    doc = SearchDocument.objects.get(module="knowledge", kind="lesson_plan")
    assert doc.url == page.url
    results = search_query(q="skatteprocenten", filters=Filters(kind="lesson_plan"))
    assert [h.document.url for h in results.hits] == [page.url]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"indicator_codes": "findes-ikke"}, "indicator_codes"),
        ({"indicator_codes": "<script>"}, "indicator_codes"),
        ({"indicator_codes": ", ".join(f"k{n}" for n in range(21))}, "indicator_codes"),
        ({"first_grade": 9, "last_grade": 8}, "last_grade"),
        ({"first_grade": 6}, "first_grade"),
        ({"lessons": 0}, "lessons"),
        ({"lessons": 41}, "lessons"),
        ({"goals": ""}, "goals"),
        ({"goals": "x" * 3001}, "goals"),
    ],
)
def test_bad_values_are_refused_on_their_field(fields, field, indicator):
    page = _plan(**fields)
    with pytest.raises(ValidationError) as caught:
        page.full_clean(exclude=["path", "depth", "url_path", "numchild"])
    assert field in caught.value.message_dict


def test_codes_are_split_on_commas_and_spaces_once_each():
    assert indicator_codes_split(" Folketal, gini;folketal\nledighed ") == [
        "folketal",
        "gini",
        "ledighed",
    ]


def test_a_lesson_plan_is_reviewed_by_a_second_editor(client, editor):
    index = knowledge_index_ensure()
    add_url = reverse("wagtailadmin_pages:add", args=["knowledge", "lessonplanpage", index.pk])
    client.force_login(editor)
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Debat på tværs",
            "slug": slugify("Debat på tværs"),
            "summary": SUMMARY,
            "goals": "Eleverne kan lytte.",
            "lessons": "2",
            "first_grade": "8",
            "last_grade": "8",
            "action-submit": "1",
        }
    )
    client.post(add_url, data)
    page = LessonPlanPage.objects.get(title="Debat på tværs")
    assert page.live is False
    state = WorkflowState.objects.get(object_id=str(page.pk))
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    client.post(approve)  # the author may not approve
    page.refresh_from_db()
    assert page.live is False

    client.force_login(UserFactory(roles=[Role.EDITOR], totp=True))
    client.post(approve)
    page.refresh_from_db()
    assert page.live is True
