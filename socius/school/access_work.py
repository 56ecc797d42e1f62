"""The one door to the class's work: an exercise, a statement of the class conversation.

Everything here belongs to one class and answers 404 to anyone who is neither its verified
teacher nor one of its pupils who may take part (``access.class_for_member``), whether the
object exists or not; an exercise or statement of another class is as missing as a made-up id.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404

from socius.deliberation.models import Statement
from socius.school.access import class_for_member, class_for_teacher
from socius.school.models import ClassConversation, ClassExercise, Pupil, SchoolClass
from socius.school.selectors_work import class_conversation_for


def exercise_for_member(
    user: Any, public_id: UUID | str, exercise_id: UUID | str
) -> tuple[SchoolClass, Pupil | None, ClassExercise]:
    """The class's exercise for its teacher or pupils; 404 otherwise."""
    school_class, pupil = class_for_member(user, public_id)
    exercise = ClassExercise.objects.filter(
        public_id=exercise_id, school_class=school_class
    ).first()
    if exercise is None:
        raise Http404
    return school_class, pupil, exercise


def conversation_for_member(
    user: Any, public_id: UUID | str
) -> tuple[SchoolClass, Pupil | None, ClassConversation]:
    """The class's conversation for its teacher or pupils; 404 when there is none yet or
    the person is neither."""
    school_class, pupil = class_for_member(user, public_id)
    link = class_conversation_for(school_class)
    if link is None:
        raise Http404
    return school_class, pupil, link


def statement_for_teacher(
    user: Any, public_id: UUID | str, statement_id: int
) -> tuple[ClassConversation, Statement]:
    """A statement of the class conversation for the class's teacher to moderate; 404 else."""
    school_class = class_for_teacher(user, public_id)
    link = class_conversation_for(school_class)
    if link is None:
        raise Http404
    statement = Statement.objects.filter(pk=statement_id, conversation=link.conversation).first()
    if statement is None:
        raise Http404
    return link, statement
