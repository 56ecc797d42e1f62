"""Every write of the class's work: its closed conversation, exercises on the atlas's figures
and meetings with politicians. Each service checks the actor, validates, writes in one
transaction and audits (never what a pupil wrote). Votes and statements go through
deliberation's own services, which ask the class's audience (school.conversations) again.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from socius.atlas.selectors import atlas_data
from socius.core.audit import audit_record
from socius.core.models import Theme
from socius.deliberation import services as deliberation
from socius.deliberation.models import Statement
from socius.deliberation.services import clean_text
from socius.events.mini_folkemode import mini_folkemode_create
from socius.school.access import teacher_is_verified
from socius.school.audit_work import (
    AUDIT_CONVERSATION_STARTED,
    AUDIT_EXERCISE_CREATED,
    AUDIT_MEETING_CREATED,
)
from socius.school.conversations import class_audience
from socius.school.models import (
    ClassConversation,
    ClassExercise,
    ClassMeeting,
    ExerciseAnswer,
    MeetingQuestion,
    Pupil,
    SchoolClass,
)
from socius.school.models.work import QUESTION_MAX_LENGTH, REFLECTION_MAX_LENGTH

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.events.models import Event

SEED_STATEMENTS_MAX = 15
# A guess is a number a pupil can type: big enough for the municipality's population.
GUESS_LIMIT = Decimal("100000000000")


def _require_teacher_of(actor: User, school_class: SchoolClass) -> None:
    if school_class.teacher_id != actor.pk or not teacher_is_verified(actor):
        raise PermissionDenied
    if school_class.archived_at is not None:
        raise PermissionDenied


def _require_pupil_of(actor: User, pupil: Pupil, school_class_id: int) -> None:
    if pupil.user_id != actor.pk or pupil.school_class_id != school_class_id:
        raise PermissionDenied
    if not pupil.may_take_part:
        raise PermissionDenied


# --- the class conversation -------------------------------------------------------------------
@transaction.atomic
def class_conversation_start(
    *,
    actor: User,
    school_class: SchoolClass,
    theme: Theme,
    question: str,
    seed_statements: Sequence[str] = (),
) -> ClassConversation:
    """The teacher opens a conversation closed to the class, with a question and first
    statements. The teacher moderates the pupils' statements before the class sees them."""
    _require_teacher_of(actor, school_class)
    seeds = [s for s in seed_statements if s.strip()]
    if len(seeds) > SEED_STATEMENTS_MAX:
        raise ValidationError(
            {"seed_statements": _("Write at most %(n)d statements.") % {"n": SEED_STATEMENTS_MAX}}
        )
    conversation = deliberation.conversation_create(
        actor=actor,
        theme=theme,
        title="Samtale i " + school_class.name,  # Danish content, like the question
        question=question,
        seed_statements=seeds,
        audience=class_audience(school_class),
    )
    link = ClassConversation.objects.create(school_class=school_class, conversation=conversation)
    audit_record(actor=actor, action=AUDIT_CONVERSATION_STARTED, target=school_class)
    return link


@transaction.atomic
def class_conversation_open_set(
    *, actor: User, link: ClassConversation, is_open: bool
) -> ClassConversation:
    """The teacher opens or closes the class conversation (deliberation audits it)."""
    _require_teacher_of(actor, link.school_class)
    deliberation.conversation_set_open(actor=actor, conversation=link.conversation, is_open=is_open)
    return link


@transaction.atomic
def class_statement_moderate(
    *, actor: User, link: ClassConversation, statement: Statement, accept: bool, reason: str = ""
) -> Statement:
    """The teacher accepts a pupil's statement or rejects it with one of the forum's reasons."""
    _require_teacher_of(actor, link.school_class)
    if statement.conversation_id != link.conversation_id:
        raise PermissionDenied
    return deliberation.statement_moderate(
        actor=actor, statement=statement, accept=accept, reason=reason
    )


# --- exercises on the municipality's figures --------------------------------------------------
@transaction.atomic
def exercise_create(
    *, actor: User, school_class: SchoolClass, indicator_code: str, question: str = ""
) -> ClassExercise:
    """An exercise on one of the atlas's indicators that has a figure for the class's
    municipality."""
    _require_teacher_of(actor, school_class)
    data = atlas_data()
    indicator = data.by_code.get(indicator_code or "")
    code = school_class.school.municipality.code
    cell = data.latest.get(indicator.pk, {}).get(code) if indicator else None
    if indicator is None or cell is None or not cell.shown:
        raise ValidationError({"indicator": _("Choose one of the figures in the list.")})
    text = clean_text(
        question or "Hvad tror du, tallet er?", max_length=300, field="question", min_length=5
    )
    exercise = ClassExercise.objects.create(
        school_class=school_class, indicator_code=indicator.code, question=text, created_by=actor
    )
    audit_record(actor=actor, action=AUDIT_EXERCISE_CREATED, target=school_class)
    return exercise


def _guess_value(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({"guess": _("Write a number, for example 12 or 3,5.")}) from None
    if not number.is_finite() or abs(number) >= GUESS_LIMIT:
        raise ValidationError({"guess": _("Write a number, for example 12 or 3,5.")})
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def exercise_guess(
    *, actor: User, pupil: Pupil, exercise: ClassExercise, guess: Any
) -> ExerciseAnswer:
    """A pupil's guess, before they see the real figure (one guess; it cannot be changed)."""
    _require_pupil_of(actor, pupil, exercise.school_class_id)
    value = _guess_value(guess)
    if ExerciseAnswer.objects.filter(exercise=exercise, pupil=pupil).exists():
        raise ValidationError({"guess": _("You have already guessed.")})
    try:
        with transaction.atomic():
            return ExerciseAnswer.objects.create(exercise=exercise, pupil=pupil, guess=value)
    except IntegrityError:
        raise ValidationError({"guess": _("You have already guessed.")}) from None


@transaction.atomic
def exercise_reflect(
    *, actor: User, pupil: Pupil, exercise: ClassExercise, reflection: str
) -> ExerciseAnswer:
    """What the pupil thinks after seeing the figure (after the guess; can be rewritten)."""
    _require_pupil_of(actor, pupil, exercise.school_class_id)
    answer = ExerciseAnswer.objects.filter(exercise=exercise, pupil=pupil).first()
    if answer is None:
        raise ValidationError({"reflection": _("Guess first. Then you can see the number.")})
    answer.reflection = clean_text(
        reflection, max_length=REFLECTION_MAX_LENGTH, field="reflection", min_length=2
    )
    answer.save(update_fields=["reflection", "updated_at"])
    return answer


# --- meetings with politicians ----------------------------------------------------------------
@transaction.atomic
def meeting_question_add(*, actor: User, pupil: Pupil, text: str) -> MeetingQuestion:
    """A pupil's question for the politicians (the teacher picks some for a meeting)."""
    _require_pupil_of(actor, pupil, pupil.school_class_id)
    cleaned = clean_text(text, max_length=QUESTION_MAX_LENGTH, field="text", min_length=5)
    return MeetingQuestion.objects.create(
        school_class_id=pupil.school_class_id, pupil=pupil, text=cleaned
    )


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    school_class: SchoolClass,
    theme: Theme,
    starts_at: datetime.datetime,
    politicians: Sequence[Any],
    questions: Sequence[MeetingQuestion] = (),
    now: datetime.datetime | None = None,
) -> ClassMeeting:
    """A mini-Folkemøde for the class (a draft event, events.mini_folkemode) with the chosen
    politicians and the pupils' questions the teacher picked."""
    _require_teacher_of(actor, school_class)
    if any(q.school_class_id != school_class.pk for q in questions):
        raise ValidationError({"questions": _("Choose questions from your own class.")})
    event: Event = mini_folkemode_create(
        actor=actor,
        class_name=school_class.name,
        municipality=school_class.school.municipality,
        theme=theme,
        starts_at=starts_at,
        politicians=politicians,
        questions=[q.text for q in questions],
        now=now,
    )
    meeting = ClassMeeting.objects.create(school_class=school_class, event=event, created_by=actor)
    MeetingQuestion.objects.filter(pk__in=[q.pk for q in questions]).update(meeting=meeting)
    audit_record(actor=actor, action=AUDIT_MEETING_CREATED, target=school_class)
    return meeting
