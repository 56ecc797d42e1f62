"""Demo content of the work part (idempotent): for the demo class 8.B a class conversation
with statements and votes by the pupils, two exercises on Aarhus's figures with guesses, and a
planned mini-Folkemøde with two demo politicians of different parties."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from socius.core import services as core_services
from socius.core.demo import DEMO_PASSWORD
from socius.core.models import Party, Theme
from socius.deliberation import services as deliberation
from socius.deliberation.models import Statement
from socius.school import services_work
from socius.school.demo_classes import demo_class
from socius.school.models import ClassConversation, ClassExercise, ClassMeeting, Pupil
from socius.school.selectors_work import exercise_indicator_choices

SECOND_POLITICIAN = "politiker2@socius.example"
QUESTION = "Hvad skal Aarhus gøre, så unge har det godt i fritiden?"
SEEDS = (
    "Klubber skal være gratis for alle unge.",
    "Der skal være flere steder at være om aftenen.",
    "Bussen skal køre oftere om aftenen.",
    "Unge skal selv bestemme mere i kommunen.",
)
PUPIL_STATEMENTS = ("Vi skal have en skatepark i hver bydel.", "Skolen skal have flere pauser.")
PREFERRED_FIGURES = ("boernefattigdom_pct", "ensomhed_pct", "folketal", "middellevetid_aar")
GUESSES = ("8", "12", "5", "20", "10", "15")


def _second_politician() -> Any:
    """A second demo politician, of another party than politiker@ (Socialdemokratiet)."""
    user_model = get_user_model()
    user = user_model.objects.filter(email=SECOND_POLITICIAN).first()
    if user is None:
        user = user_model.objects.create_user(
            email=SECOND_POLITICIAN, password=DEMO_PASSWORD, name="Jens Byrådsmedlem"
        )
        EmailAddress.objects.create(user=user, email=SECOND_POLITICIAN, verified=True, primary=True)
    profile = core_services.politician_declare(
        actor=user, party=Party.objects.get(name="Venstre"), office="Byrådsmedlem i Aarhus"
    )
    if not profile.is_verified:
        admin = user_model.objects.get(email="admin@socius.example")
        core_services.politician_verify(actor=admin, profile=profile)
    return user


def _conversation(school_class: Any, pupils: list[Pupil]) -> None:
    if ClassConversation.objects.filter(school_class=school_class).exists():
        return
    teacher = school_class.teacher
    link = services_work.class_conversation_start(
        actor=teacher,
        school_class=school_class,
        theme=Theme.objects.get(slug="boern-og-unge"),
        question=QUESTION,
        seed_statements=list(SEEDS),
    )
    conversation = link.conversation
    for pupil, text in zip(pupils, PUPIL_STATEMENTS, strict=False):
        deliberation.statement_add(actor=pupil.user, conversation=conversation, text=text)
    first = Statement.objects.filter(conversation=conversation, text=PUPIL_STATEMENTS[0]).get()
    services_work.class_statement_moderate(actor=teacher, link=link, statement=first, accept=True)
    shown = list(conversation.statements.filter(shown=True).order_by("pk"))
    for n, pupil in enumerate(pupils):
        for i, statement in enumerate(shown):
            # The first is agreed on by all; the others split the class.
            value = 1 if i == 0 else (1 if (n + i) % 2 else -1)
            deliberation.vote_cast(actor=pupil.user, statement=statement, value=value)


def _exercises(school_class: Any, pupils: list[Pupil]) -> int:
    if ClassExercise.objects.filter(school_class=school_class).exists():
        return ClassExercise.objects.filter(school_class=school_class).count()
    available = [c.code for c in exercise_indicator_choices(school_class)]
    preferred = [c for c in PREFERRED_FIGURES if c in available]
    chosen = (preferred + [c for c in available if c not in preferred])[:2]
    for code in chosen:
        exercise = services_work.exercise_create(
            actor=school_class.teacher, school_class=school_class, indicator_code=code
        )
        for pupil, guess in zip(pupils, GUESSES, strict=False):
            services_work.exercise_guess(
                actor=pupil.user, pupil=pupil, exercise=exercise, guess=guess
            )
    return len(chosen)


def _meeting(school_class: Any, pupils: list[Pupil]) -> None:
    if ClassMeeting.objects.filter(school_class=school_class).exists():
        return
    first = get_user_model().objects.get(email="politiker@socius.example")
    second = _second_politician()
    questions = [
        services_work.meeting_question_add(actor=p.user, pupil=p, text=text)
        for p, text in zip(
            pupils,
            ("Hvorfor lukker ungdomsklubben så tidligt?", "Hvordan kan unge blive hørt mere?"),
            strict=False,
        )
    ]
    day = timezone.localdate() + datetime.timedelta(days=21)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    services_work.meeting_create(
        actor=school_class.teacher,
        school_class=school_class,
        theme=Theme.objects.get(slug="boern-og-unge"),
        starts_at=starts_at,
        politicians=[first, second],
        questions=questions,
    )


def demo_seed() -> list[str]:
    school_class = demo_class()
    pupils = list(Pupil.objects.filter(school_class=school_class).order_by("pk"))
    _conversation(school_class, pupils)
    exercises = _exercises(school_class, pupils)
    _meeting(school_class, pupils)
    return [
        f"Medborgerskab: class 8.B has a class conversation, {exercises} exercises and a "
        f"mini-Folkemøde with politiker@ and {SECOND_POLITICIAN}"
    ]
