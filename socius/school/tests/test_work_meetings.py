"""Meetings with politicians: a mini-Folkemøde (a draft event) with politicians of at least
two parties and the pupils' questions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from socius.core.roles import Role
from socius.events.models import Event, SessionSpeaker
from socius.school.models import ClassMeeting, MeetingQuestion
from socius.school.tests.school_support import class_make, pupil_make
from socius.school.tests.work_support import politician_make
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class():
    return class_make(name="8.B")


def _url(school_class, name="school:class-meetings"):
    return reverse(name, args=[school_class.public_id])


def _when(days: int = 10) -> str:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT10:00")


def test_it_plans_a_mini_folkemode_with_two_parties_and_the_pupils_questions(client, school_class):
    red = politician_make("Socialdemokratiet", name="Rikke Rød")
    blue = politician_make("Venstre", name="Bo Blå")
    pupil = pupil_make(school_class, "Ræven")
    client.force_login(pupil.user)
    asked = client.post(
        _url(school_class, "school:class-meeting-question"),
        {"text": "Hvorfor lukker klubben om fredagen?"},
    )
    assert asked.status_code == 302
    question = MeetingQuestion.objects.get()
    client.force_login(school_class.teacher)
    page = client.get(_url(school_class))
    assert {red.pk, blue.pk} <= {v for v, _l in page.context["form"].fields["politicians"].choices}
    response = client.post(
        _url(school_class),
        {
            "theme": page.context["form"].fields["theme"].queryset.first().pk,
            "starts_at": _when(),
            "politicians": [red.pk, blue.pk],
            "questions": [question.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = ClassMeeting.objects.get()
    event = meeting.event
    assert event.title == "Mini-Folkemøde i 8.B"
    assert event.kind == Event.Kind.DEBATE
    assert event.status == Event.Status.DRAFT
    assert "Hvorfor lukker klubben" in event.description
    speakers = SessionSpeaker.objects.filter(session__event=event)
    assert {s.speaker.user_id for s in speakers} == {red.pk, blue.pk}
    question.refresh_from_db()
    assert question.meeting == meeting
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404  # a draft
    client.force_login(pupil.user)
    page = client.get(_url(school_class))
    assert "Rikke Rød" in page.content.decode()


@pytest.mark.parametrize(
    ("parties", "verified", "days"),
    [
        (("Venstre", "Venstre"), True, 10),
        (("Socialdemokratiet", "Venstre"), False, 10),
        (("Socialdemokratiet", "Venstre"), True, -1),
        (("Socialdemokratiet", "Venstre"), True, 900),
    ],
)
def test_it_refuses_one_party_unverified_politicians_and_bad_dates(
    client, school_class, parties, verified, days
):
    people = [politician_make(parties[0]), politician_make(parties[1], verified=verified)]
    client.force_login(school_class.teacher)
    page = client.get(_url(school_class))
    response = client.post(
        _url(school_class),
        {
            "theme": page.context["form"].fields["theme"].queryset.first().pk,
            "starts_at": _when(days),
            "politicians": [p.pk for p in people],
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ClassMeeting.objects.exists()
    assert not Event.objects.exists()


def test_hostile_input_is_refused(client, school_class):
    pupil = pupil_make(school_class, "Ræven")
    client.force_login(pupil.user)
    url = _url(school_class, "school:class-meeting-question")
    assert client.post(url, {"text": "x" * 301}).status_code == 400
    assert client.post(url, {"text": "\x00 hej med dig"}).status_code == 400
    client.post(url, {"text": "<script>alert(1)</script> og hvad så?"})
    page = client.get(_url(school_class))
    assert b"<script>alert(1)</script>" not in page.content
    assert client.post(_url(school_class), {"theme": "1"}).status_code == 403
    client.force_login(school_class.teacher)
    response = client.post(
        _url(school_class),
        {"theme": "x", "starts_at": "i morgen", "politicians": ["abc"], "questions": ["-1"]},
    )
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_outsiders_get_404(client, school_class):
    other = class_make(name="9.A")
    for user in (
        pupil_make(other, "Ulven").user,
        other.teacher,
        UserFactory(roles=[Role.EDITOR], totp=True),
    ):
        client.force_login(user)
        assert client.get(_url(school_class)).status_code == 404
        asked = client.post(_url(school_class, "school:class-meeting-question"), {"text": "Hej?"})
        assert asked.status_code == 404
    assert not MeetingQuestion.objects.exists()
    client.logout()
    assert client.get(_url(school_class)).status_code == 302
