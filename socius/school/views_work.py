"""The class's work pages: the class conversation, exercises on the municipality's figures and
meetings with politicians. Each view reads input, calls one access function and one service,
and renders; the access functions answer 404 to anyone outside the class."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from socius.core.access import request_user
from socius.core.dates import datetime_text
from socius.core.feedback import form_service_call, service_error_to_form, service_error_to_messages
from socius.deliberation import selectors as deliberation_selectors
from socius.deliberation import services as deliberation_services
from socius.deliberation.forms import ModerationForm, StatementForm, VoteForm
from socius.deliberation.models import Vote
from socius.school import selectors_work as selectors
from socius.school import services_work as services
from socius.school.access import class_for_member, class_for_teacher
from socius.school.access_work import (
    conversation_for_member,
    exercise_for_member,
    statement_for_teacher,
)
from socius.school.forms_work import (
    ConversationStartForm,
    ExerciseForm,
    GuessForm,
    MeetingForm,
    MeetingQuestionForm,
    ReflectionForm,
)
from socius.school.models import MeetingQuestion, Pupil, SchoolClass


def _conversation_url(public_id: UUID) -> str:
    return reverse("school:class-conversation", args=[public_id])


# --- the class conversation -------------------------------------------------------------------
def _conversation_context(
    request: HttpRequest,
    school_class: SchoolClass,
    pupil: Pupil | None,
    *,
    start_form: ConversationStartForm | None = None,
    statement_form: StatementForm | None = None,
) -> dict[str, Any]:
    link = selectors.class_conversation_for(school_class)
    context: dict[str, Any] = {"school_class": school_class, "pupil": pupil, "link": link}
    if link is None:
        if pupil is None:
            context["start_form"] = start_form or ConversationStartForm()
        return context
    conversation = link.conversation
    context["conversation"] = conversation
    context["results"] = selectors.conversation_results_plain(conversation)
    if pupil is None:
        context["queue"] = [
            (s, ModerationForm(prefix=f"s{s.pk}"))
            for s in selectors.class_moderation_queue(conversation)
        ]
    elif conversation.is_open:
        statement, voted, total = deliberation_selectors.statement_next_with_progress(
            conversation=conversation, user=request_user(request)
        )
        context.update(
            next_statement=statement,
            progress=(voted, total),
            vote_choices=Vote.Value.choices,
            statement_form=statement_form or StatementForm(),
        )
    return context


@login_required
@require_http_methods(["GET", "POST"])
def class_conversation(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The class conversation: the teacher starts it (POST); everyone in the class sees it."""
    school_class, pupil = class_for_member(request.user, public_id)
    form = None
    if request.method == "POST":
        if pupil is not None:
            raise PermissionDenied
        form = ConversationStartForm(request.POST)
        if response := form_service_call(
            request,
            form,
            lambda data: services.class_conversation_start(
                actor=request_user(request),
                school_class=school_class,
                theme=data["theme"],
                question=data["question"],
                seed_statements=data["seed_statements"],
            ),
            _("The class conversation is open."),
            lambda _saved: redirect(_conversation_url(school_class.public_id)),
        ):
            return response
    context = _conversation_context(request, school_class, pupil, start_form=form)
    status = 400 if form is not None else 200
    return render(request, "school/work_conversation.html", context, status=status)


@login_required
@require_POST
def conversation_vote(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A pupil's vote, through the forum's own service (it asks the class audience again)."""
    _class, _pupil, link = conversation_for_member(request.user, public_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose agree, disagree or pass."))
        return redirect(_conversation_url(public_id) + "#vote")
    statement = deliberation_selectors.statement_shown(
        conversation=link.conversation, statement_id=form.cleaned_data["statement"]
    )
    if statement is None:
        raise Http404
    try:
        deliberation_services.vote_cast(
            actor=request_user(request), statement=statement, value=form.cleaned_data["value"]
        )
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("Your vote is saved. Here is the next one."))
    return redirect(_conversation_url(public_id) + "#vote")


@login_required
@require_POST
def conversation_statement(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A pupil's statement; the teacher reads it before the class sees it."""
    school_class, pupil, link = conversation_for_member(request.user, public_id)
    form = StatementForm(request.POST)
    if response := form_service_call(
        request,
        form,
        lambda data: deliberation_services.statement_add(
            actor=request_user(request), conversation=link.conversation, text=data["text"]
        ),
        _("Thank you. Your teacher reads it before the class sees it."),
        lambda _saved: redirect(_conversation_url(public_id)),
    ):
        return response
    context = _conversation_context(request, school_class, pupil, statement_form=form)
    return render(request, "school/work_conversation.html", context, status=400)


@login_required
@require_POST
def conversation_status(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The teacher opens or closes the conversation."""
    school_class = class_for_teacher(request.user, public_id)
    link = selectors.class_conversation_for(school_class)
    if link is None:
        raise Http404
    is_open = request.POST.get("open") == "1"
    try:
        services.class_conversation_open_set(
            actor=request_user(request), link=link, is_open=is_open
        )
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("The conversation is open.") if is_open else _("The conversation is closed."),
        )
    return redirect(_conversation_url(public_id))


@login_required
@require_POST
def conversation_moderate(request: HttpRequest, public_id: UUID, statement_id: int) -> HttpResponse:
    """The teacher accepts or rejects a pupil's statement."""
    link, statement = statement_for_teacher(request.user, public_id, statement_id)
    form = ModerationForm(request.POST, prefix=f"s{statement.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(_conversation_url(public_id))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.class_statement_moderate(
            actor=request_user(request),
            link=link,
            statement=statement,
            accept=accept,
            reason=form.cleaned_data.get("reason") or "",
        )
    except ValidationError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request,
            _("The statement was accepted.") if accept else _("The statement was rejected."),
        )
    return redirect(_conversation_url(public_id))


# --- exercises --------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def class_exercises(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The class's exercises; the teacher creates one from the municipality's figures."""
    school_class, pupil = class_for_member(request.user, public_id)
    form = None
    if pupil is None:
        choices = [(c.code, c.title) for c in selectors.exercise_indicator_choices(school_class)]
        form = ExerciseForm(request.POST or None, choices=choices)
        if response := form_service_call(
            request,
            form,
            lambda data: services.exercise_create(
                actor=request_user(request),
                school_class=school_class,
                indicator_code=data["indicator"],
                question=data["question"],
            ),
            _("The exercise is ready for the class."),
            lambda exercise: redirect(
                "school:exercise-detail",
                public_id=school_class.public_id,
                exercise_id=exercise.public_id,
            ),
        ):
            return response
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "school_class": school_class,
        "pupil": pupil,
        "exercises": selectors.exercise_list(school_class),
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "school/work_exercises.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_detail(request: HttpRequest, public_id: UUID, exercise_id: UUID) -> HttpResponse:
    """A pupil guesses, then sees the real figure and writes what they think; the teacher
    sees the class's guesses."""
    school_class, pupil, exercise = exercise_for_member(request.user, public_id, exercise_id)
    guess_form = GuessForm()
    reflection_form = ReflectionForm()
    status = 200
    if request.method == "POST":
        if pupil is None:
            raise PermissionDenied
        step = request.POST.get("step")
        if step == "guess":
            guess_form = GuessForm(request.POST)
            form: GuessForm | ReflectionForm = guess_form
        elif step == "reflect":
            reflection_form = ReflectionForm(request.POST)
            form = reflection_form
        else:
            raise Http404
        if form.is_valid():
            try:
                if step == "guess":
                    services.exercise_guess(
                        actor=request_user(request),
                        pupil=pupil,
                        exercise=exercise,
                        guess=form.cleaned_data["guess"],
                    )
                else:
                    services.exercise_reflect(
                        actor=request_user(request),
                        pupil=pupil,
                        exercise=exercise,
                        reflection=form.cleaned_data["reflection"],
                    )
            except ValidationError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(request.path)
        status = 400
    answer = selectors.exercise_answer_for(exercise, pupil)
    facts = selectors.exercise_facts(exercise, school_class)
    context: dict[str, Any] = {
        "school_class": school_class,
        "pupil": pupil,
        "exercise": exercise,
        "answer": answer,
        "facts": facts if (pupil is None or answer is not None) else None,
        "guess_form": guess_form,
        "reflection_form": reflection_form,
    }
    if answer is not None and facts is not None:
        context["answer_guess"] = facts.formatted(answer.guess)
    if pupil is None:
        answers = selectors.exercise_answers(exercise)
        decimals = facts.decimals if facts else 0
        context["answers"] = answers
        context["distribution"] = selectors.guess_distribution(answers, decimals=decimals)
    return render(request, "school/work_exercise_detail.html", context, status=status)


# --- meetings with politicians ----------------------------------------------------------------
def _meeting_form(school_class: SchoolClass, data: Any = None) -> MeetingForm:
    politicians = [
        (p.user_id, f"{p.user.name} ({p.party.name})")
        for p in selectors.meeting_politicians(school_class)
    ]
    questions = [(q.pk, q.text) for q in selectors.meeting_questions_open(school_class)]
    return MeetingForm(data, politicians=politicians, questions=questions)


@login_required
@require_http_methods(["GET", "POST"])
def class_meetings(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The class's meetings; the teacher plans a mini-Folkemøde."""
    school_class, pupil = class_for_member(request.user, public_id)
    form = None
    status = 200
    if pupil is None:
        form = _meeting_form(school_class, request.POST or None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                from django.contrib.auth import get_user_model

                data = form.cleaned_data
                people = list(get_user_model().objects.filter(pk__in=data["politicians"]))
                questions = list(
                    MeetingQuestion.objects.filter(
                        school_class=school_class, pk__in=data["questions"]
                    )
                )
                try:
                    services.meeting_create(
                        actor=request_user(request),
                        school_class=school_class,
                        theme=data["theme"],
                        starts_at=data["starts_at"],
                        politicians=people,
                        questions=questions,
                    )
                except ValidationError as exc:
                    service_error_to_form(form, exc)
                else:
                    messages.success(request, _("The meeting is planned."))
                    return redirect("school:class-meetings", public_id=school_class.public_id)
    elif request.method == "POST":
        raise PermissionDenied
    meetings = selectors.meeting_list(school_class)
    context = {
        "school_class": school_class,
        "pupil": pupil,
        "meetings": [(m, datetime_text(m.meeting.event.starts_at)) for m in meetings],
        "form": form,
        "question_form": MeetingQuestionForm() if pupil is not None else None,
        "open_questions": selectors.meeting_questions_open(school_class),
    }
    return render(request, "school/work_meetings.html", context, status=status)


@login_required
@require_POST
def meeting_question(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A pupil sends a question for the politicians."""
    school_class, pupil = class_for_member(request.user, public_id)
    if pupil is None:
        raise PermissionDenied
    form = MeetingQuestionForm(request.POST)
    if response := form_service_call(
        request,
        form,
        lambda data: services.meeting_question_add(
            actor=request_user(request), pupil=pupil, text=data["text"]
        ),
        _("Thank you. Your teacher can see your question."),
        lambda _saved: redirect("school:class-meetings", public_id=school_class.public_id),
    ):
        return response
    context = {
        "school_class": school_class,
        "pupil": pupil,
        "meetings": [
            (m, datetime_text(m.meeting.event.starts_at))
            for m in selectors.meeting_list(school_class)
        ],
        "form": None,
        "question_form": form,
        "open_questions": selectors.meeting_questions_open(school_class),
    }
    return render(request, "school/work_meetings.html", context, status=400)
