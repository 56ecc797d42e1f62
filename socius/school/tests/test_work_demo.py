"""The work part's demo content: made once, and again without duplicates."""

from __future__ import annotations

import pytest

from socius.atlas.tests.conftest import small_atlas, source_version  # noqa: F401 (fixtures)
from socius.deliberation.models import Vote
from socius.events.models import SessionSpeaker
from socius.school import demo_classes, demo_work
from socius.school.models import ClassConversation, ClassExercise, ClassMeeting, ExerciseAnswer

pytestmark = pytest.mark.django_db


def test_the_demo_class_gets_its_work_once(small_atlas):  # noqa: F811
    from socius.core.demo import demo_seed as core_seed

    core_seed()
    demo_classes.demo_seed()
    for _ in range(2):
        lines = demo_work.demo_seed()
    assert "mini-Folkemøde" in lines[0]
    link = ClassConversation.objects.get()
    assert Vote.objects.filter(statement__conversation=link.conversation).count() >= 20
    assert link.conversation.statements.filter(status="pending").count() == 1
    assert ClassExercise.objects.count() == 2
    assert ExerciseAnswer.objects.count() == 12
    meeting = ClassMeeting.objects.get()
    parties = {
        s.speaker.affiliation for s in SessionSpeaker.objects.filter(session__event=meeting.event)
    }
    assert len(parties) == 2
