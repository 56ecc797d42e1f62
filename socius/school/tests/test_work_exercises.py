"""Exercises on the municipality's own figures: guess first, then the real figure beside
All Denmark and similar municipalities, then a reflection; the teacher sees the guesses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.atlas.tests.conftest import small_atlas, source_version  # noqa: F401 (fixtures)
from socius.core.roles import Role
from socius.school.models import ClassExercise, ExerciseAnswer
from socius.school.tests.school_support import class_make, pupil_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(small_atlas):  # noqa: F811
    return class_make(name="8.B")  # Aarhus (751) has every figure of the small atlas


@pytest.fixture
def exercise(school_class):
    return ClassExercise.objects.create(
        school_class=school_class,
        indicator_code="fattigdom",
        question="Hvor mange børn lever i fattigdom?",
        created_by=school_class.teacher,
    )


def _detail(exercise):
    return reverse(
        "school:exercise-detail", args=[exercise.school_class.public_id, exercise.public_id]
    )


def test_it_lets_the_teacher_pick_a_figure_of_the_municipality(client, school_class):
    client.force_login(school_class.teacher)
    url = reverse("school:class-exercises", args=[school_class.public_id])
    page = client.get(url)
    assert {"folketal", "indkomst", "fattigdom"} <= {
        c for c, _t in page.context["form"].fields["indicator"].choices
    }
    response = client.post(url, {"indicator": "indkomst", "question": ""})
    assert response.status_code == 302
    exercise = ClassExercise.objects.get()
    assert exercise.question == "Hvad tror du, tallet er?"


def test_a_forged_figure_is_refused_and_nothing_is_saved(client, school_class):
    client.force_login(school_class.teacher)
    url = reverse("school:class-exercises", args=[school_class.public_id])
    for data in ({"indicator": "findes-ikke"}, {"indicator": "fattigdom", "question": "x" * 301}):
        assert client.post(url, data).status_code == 400
    assert not ClassExercise.objects.exists()


def test_a_pupil_guesses_before_seeing_the_figure_then_reflects(client, exercise):
    pupil = pupil_make(exercise.school_class, "Ræven")
    client.force_login(pupil.user)
    page = client.get(_detail(exercise))
    assert page.context["facts"] is None
    assert "Børn i fattigdom" not in page.content.decode()
    for bad in ("abc", "1e999", "", "NaN", "99999999999999"):
        response = client.post(_detail(exercise), {"step": "guess", "guess": bad})
        assert response.status_code == 400, bad
    assert not ExerciseAnswer.objects.exists()
    assert client.post(_detail(exercise), {"step": "guess", "guess": "3,5"}).status_code == 302
    page = client.get(_detail(exercise))
    facts = page.context["facts"]
    assert facts.value is not None
    assert facts.national is not None
    assert facts.similar  # municipalities like Aarhus
    assert facts.chart is not None
    assert b"<table" in page.content
    again = client.post(_detail(exercise), {"step": "guess", "guess": "9"})
    assert again.status_code == 400
    assert ExerciseAnswer.objects.get().guess == pytest.approx(3.5)
    too_long = client.post(_detail(exercise), {"step": "reflect", "reflection": "a" * 501})
    assert too_long.status_code == 400
    client.post(_detail(exercise), {"step": "reflect", "reflection": "<b>Overrasket</b>!"})
    assert ExerciseAnswer.objects.get().reflection == "<b>Overrasket</b>!"
    assert b"<b>Overrasket</b>" not in client.get(_detail(exercise)).content


def test_the_teacher_sees_the_guesses_as_a_distribution(client, exercise):
    from socius.school import services_work

    for n, guess in enumerate(("2", "4", "10")):
        pupil = pupil_make(exercise.school_class, f"Elev {n}")
        services_work.exercise_guess(actor=pupil.user, pupil=pupil, exercise=exercise, guess=guess)
    client.force_login(exercise.school_class.teacher)
    page = client.get(_detail(exercise))
    assert page.status_code == 200
    assert page.context["distribution"] is not None
    assert sum(row[1] for row in page.context["distribution"].rows) == 3
    assert "Elev 1" in page.content.decode()
    assert client.post(_detail(exercise), {"step": "guess", "guess": "1"}).status_code == 403


def test_outsiders_get_404(client, exercise):
    other = class_make(name="9.A")
    own_pupil = pupil_make(exercise.school_class, "Ræven")
    for user in (
        pupil_make(other, "Ulven").user,
        other.teacher,
        UserFactory(roles=[Role.EDITOR], totp=True),
    ):
        client.force_login(user)
        assert client.get(_detail(exercise)).status_code == 404
        url = reverse("school:class-exercises", args=[exercise.school_class.public_id])
        assert client.get(url).status_code == 404
    # Another class's exercise under one's own class.
    theirs = ClassExercise.objects.create(
        school_class=other, indicator_code="folketal", question="Hvor mange bor her?"
    )
    client.force_login(own_pupil.user)
    forged = reverse(
        "school:exercise-detail", args=[exercise.school_class.public_id, theirs.public_id]
    )
    assert client.get(forged).status_code == 404
    assert client.post(forged, {"step": "guess", "guess": "1"}).status_code == 404
    assert not ExerciseAnswer.objects.exists()
    client.logout()
    assert client.get(_detail(exercise)).status_code == 302


def test_the_list_page_costs_the_same_with_more_exercises(client, exercise):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school_class = exercise.school_class
    client.force_login(school_class.teacher)
    url = reverse("school:class-exercises", args=[school_class.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        ClassExercise.objects.create(
            school_class=school_class, indicator_code="folketal", question=f"Spørgsmål {n}?"
        )
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) <= len(before)
