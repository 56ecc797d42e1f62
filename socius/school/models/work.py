"""The class's work: its closed conversation in the forum, exercises on the municipality's
own figures from the atlas, and meetings with local politicians (events' mini-Folkemøde).

What pupils write here (statements, reflections, questions) is seen by their class and
teacher only: the conversation is closed to the class (deliberation.audiences), reflections
are shown to the teacher under the pupil's pseudonym, and questions go to the meeting's
programme without a name.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ClassConversation",
    "ClassExercise",
    "ClassMeeting",
    "ExerciseAnswer",
    "MeetingQuestion",
]

REFLECTION_MAX_LENGTH = 500
QUESTION_MAX_LENGTH = 300


class ClassConversation(models.Model):
    """A conversation of the forum closed to one class (its audience is the class)."""

    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.CASCADE,
        related_name="conversations",
        verbose_name=_("class"),
    )
    conversation = models.OneToOneField(
        "deliberation.Conversation", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("class conversation")
        verbose_name_plural = _("class conversations")

    def __str__(self) -> str:
        return f"{self.school_class_id}:{self.conversation_id}"


class ClassExercise(models.Model):
    """An exercise on one of the atlas's indicators for the class's municipality."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.CASCADE,
        related_name="exercises",
        verbose_name=_("class"),
    )
    indicator_code = models.SlugField(_("indicator"), max_length=80)
    question = models.CharField(_("question"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self) -> str:
        return self.question


class ExerciseAnswer(models.Model):
    """A pupil's guess at the figure, then their reflection (one answer per pupil)."""

    exercise = models.ForeignKey(ClassExercise, on_delete=models.CASCADE, related_name="answers")
    pupil = models.ForeignKey(
        "school.Pupil", on_delete=models.CASCADE, related_name="exercise_answers"
    )
    guess = models.DecimalField(_("your guess"), max_digits=14, decimal_places=2)
    reflection = models.TextField(_("what do you think now?"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["exercise_id", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "pupil"], name="school_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id}:{self.pupil_id}"


class ClassMeeting(models.Model):
    """A class's meeting with politicians: an event made from events' mini-Folkemøde."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school_class = models.ForeignKey(
        "school.SchoolClass",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("class"),
    )
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("class meeting")
        verbose_name_plural = _("class meetings")

    def __str__(self) -> str:
        return f"{self.school_class_id}:{self.event_id}"


class MeetingQuestion(models.Model):
    """A pupil's question for the politicians (shown without a name). Pupils write them
    before a meeting exists; the teacher picks some for the meeting's programme."""

    school_class = models.ForeignKey(
        "school.SchoolClass", on_delete=models.CASCADE, related_name="meeting_questions"
    )
    meeting = models.ForeignKey(
        ClassMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
    )
    pupil = models.ForeignKey(
        "school.Pupil",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_questions",
    )
    text = models.CharField(_("your question"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.pk}"
