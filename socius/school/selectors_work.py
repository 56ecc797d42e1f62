"""Every read of the class's work that is more than a ``.get()``: the class conversation and
its results in plain words, the exercises with the atlas's figures, the meetings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from socius.atlas.selectors import AtlasData, Cell, atlas_data
from socius.atlas.similarity import similar_to
from socius.core.charts import Chart, bar_chart
from socius.deliberation import selectors as deliberation
from socius.deliberation.models import Conversation, Statement
from socius.events.mini_folkemode import mini_folkemode_panel, politicians_for_municipality
from socius.school.models import (
    ClassConversation,
    ClassExercise,
    ClassMeeting,
    ExerciseAnswer,
    MeetingQuestion,
    SchoolClass,
)

# A statement "most agree on" when at least this share of its votes agree (or disagree), and
# it "divides" the class when both sides have at least DIVIDED_SHARE; with at least MIN_VOTES.
MOST_SHARE = 0.6
DIVIDED_SHARE = 0.3
MIN_VOTES = 3
SIMILAR_SHOWN = 3
LABEL_LENGTH = 48


def class_conversation_for(school_class: SchoolClass) -> ClassConversation | None:
    """The class's newest conversation, with the conversation and its theme (one query)."""
    return (
        ClassConversation.objects.select_related("conversation__theme", "school_class")
        .filter(school_class=school_class)
        .first()
    )


@dataclass
class StatementTally:
    text: str
    agree: int
    disagree: int
    passed: int

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passed

    @property
    def agree_percent(self) -> int:
        return round(100 * self.agree / self.votes) if self.votes else 0

    @property
    def disagree_percent(self) -> int:
        return round(100 * self.disagree / self.votes) if self.votes else 0


@dataclass
class PlainResults:
    """The class's results as the pupils' page explains them."""

    tallies: list[StatementTally]
    most_agree: list[StatementTally]
    most_disagree: list[StatementTally]
    divided: list[StatementTally]
    groups: list[tuple[str, int]]
    voters: int
    chart: Chart | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def conversation_results_plain(conversation: Conversation, *, chart: bool = True) -> PlainResults:
    """What most agree on, what most disagree with, what divides the class, and the opinion
    groups of the forum's engine (when it has run), from the accepted statements only."""
    rows = deliberation.statements_accepted_with_counts(conversation)
    tallies = [
        # The counts are the selector's annotations.
        StatementTally(s.text, s.n_agree, s.n_disagree, s.n_pass)  # type: ignore[attr-defined]
        for s in rows
    ]
    counted = [t for t in tallies if t.votes >= MIN_VOTES]
    most_agree = sorted(
        (t for t in counted if t.agree / t.votes >= MOST_SHARE), key=lambda t: -t.agree_percent
    )
    most_disagree = sorted(
        (t for t in counted if t.disagree / t.votes >= MOST_SHARE),
        key=lambda t: -t.disagree_percent,
    )
    divided = [
        t
        for t in counted
        if t.agree / t.votes >= DIVIDED_SHARE and t.disagree / t.votes >= DIVIDED_SHARE
    ]
    run = deliberation.latest_run(conversation)
    groups = [(str(g["label"]), int(g["size"])) for g in run.data.get("groups", [])] if run else []
    voters, _votes = deliberation.conversation_counts(conversation)
    results = PlainResults(tallies, most_agree, most_disagree, divided, groups, voters)
    if chart and tallies:
        results.chart = bar_chart(
            title=_("How many agree with each statement"),
            description=_("A bar for each statement. A long bar means many agree."),
            label_title=_("Statement"),
            value_title=_("Agree, in per cent"),
            data=[(_short(t.text), t.agree_percent) for t in tallies],
        )
    return results


def class_moderation_queue(conversation: Conversation) -> QuerySet[Statement]:
    """Pupils' statements waiting for the teacher, oldest first."""
    return deliberation.moderation_queue(conversation)


# --- exercises --------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorChoice:
    code: str
    title: str
    unit: str


def exercise_indicator_choices(school_class: SchoolClass) -> list[IndicatorChoice]:
    """The atlas's indicators with a figure for the class's municipality, in their order."""
    data = atlas_data()
    code = school_class.school.municipality.code
    choices = []
    for indicator in data.indicators:
        cell = data.latest.get(indicator.pk, {}).get(code)
        if cell is not None and cell.shown:
            choices.append(IndicatorChoice(indicator.code, indicator.title, indicator.unit))
    return choices


def exercise_list(school_class: SchoolClass) -> list[tuple[ClassExercise, str]]:
    """The class's exercises, newest first, with the number of answers and the indicator's
    title (one query; the titles come from the atlas snapshot)."""
    data = atlas_data()
    exercises = ClassExercise.objects.filter(school_class=school_class).annotate(
        answer_count=Count("answers")
    )
    return [
        (e, data.by_code[e.indicator_code].title if e.indicator_code in data.by_code else "")
        for e in exercises
    ]


@dataclass
class ExerciseFacts:
    """The real figure for the class's municipality, beside All Denmark and similar ones."""

    title: str
    unit: str
    period: str
    municipality: str
    value: Decimal | None
    national: Decimal | None
    similar: list[tuple[str, Decimal]]
    chart: Chart | None
    decimals: int

    @property
    def formatted_value(self) -> str:
        return self.formatted(self.value)

    def formatted(self, value: Decimal | None) -> str:
        return "" if value is None else number_format(value, decimal_pos=self.decimals)


def _value(cell: Cell | None) -> Decimal | None:
    return cell.value if cell is not None and cell.shown else None


def exercise_facts(exercise: ClassExercise, school_class: SchoolClass) -> ExerciseFacts | None:
    """The figures of the exercise's indicator (None when the atlas no longer has it)."""
    data: AtlasData = atlas_data()
    indicator = data.by_code.get(exercise.indicator_code)
    if indicator is None:
        return None
    municipality = school_class.school.municipality
    latest = data.latest.get(indicator.pk, {})
    value = _value(latest.get(municipality.code))
    national = _value(data.national(indicator))
    similar: list[tuple[str, Decimal]] = []
    found = similar_to(data, municipality.code)
    for neighbour in found.neighbours if found else []:
        v = _value(latest.get(neighbour.area.code))
        if v is not None and len(similar) < SIMILAR_SHOWN:
            similar.append((neighbour.area.name, v))
    facts = ExerciseFacts(
        title=indicator.title,
        unit=indicator.unit,
        period=data.latest_period.get(indicator.pk, ""),
        municipality=municipality.name,
        value=value,
        national=national,
        similar=similar,
        chart=None,
        decimals=indicator.decimals,
    )
    rows = [(municipality.name, value)]
    if national is not None:
        rows.append((_("All Denmark"), national))
    rows += similar
    shown = [(name, float(v)) for name, v in rows if v is not None]
    if shown:
        facts.chart = bar_chart(
            title=indicator.title,
            description=_("Your municipality beside all of Denmark and municipalities like it."),
            label_title=_("Area"),
            value_title=indicator.unit,
            data=shown,
        )
    return facts


def exercise_answer_for(exercise: ClassExercise, pupil: Any) -> ExerciseAnswer | None:
    if pupil is None:
        return None
    return ExerciseAnswer.objects.filter(exercise=exercise, pupil=pupil).first()


def exercise_answers(exercise: ClassExercise) -> list[ExerciseAnswer]:
    """The class's answers with the pupils' pseudonyms, for the teacher (one query)."""
    return list(
        ExerciseAnswer.objects.filter(exercise=exercise)
        .select_related("pupil")
        .order_by("guess", "id")
    )


def guess_distribution(
    answers: Sequence[ExerciseAnswer], *, decimals: int, bins: int = 6
) -> Chart | None:
    """The class's guesses as a histogram in ``bins`` equal steps (no names)."""
    guesses = [a.guess for a in answers]
    if not guesses:
        return None
    low, high = min(guesses), max(guesses)
    step = (high - low) / bins if high > low else Decimal(1)
    counts = [0] * bins
    for g in guesses:
        counts[min(int((g - low) / step), bins - 1) if high > low else 0] += 1
    data = []
    for i, n in enumerate(counts if high > low else counts[:1]):
        start = low + step * i
        end = start + step
        label = (
            f"{number_format(start, decimal_pos=decimals)}–{number_format(end, decimal_pos=decimals)}"
            if high > low
            else number_format(low, decimal_pos=decimals)
        )
        data.append((label, n))
    return bar_chart(
        title=_("The class's guesses"),
        description=_("How many pupils guessed in each span of numbers."),
        label_title=_("Guess"),
        value_title=_("Pupils"),
        data=data,
    )


# --- meetings ---------------------------------------------------------------------------------
@dataclass
class MeetingView:
    meeting: ClassMeeting
    panel: list[Any]
    questions: list[MeetingQuestion]


def meeting_list(school_class: SchoolClass) -> list[MeetingView]:
    """The class's meetings, newest first, each with its panel and the questions picked."""
    meetings = list(
        ClassMeeting.objects.filter(school_class=school_class)
        .select_related("event")
        .prefetch_related("questions")
    )
    return [
        MeetingView(m, mini_folkemode_panel(m.event), list(m.questions.all())) for m in meetings
    ]


def meeting_questions_open(school_class: SchoolClass) -> QuerySet[MeetingQuestion]:
    """The pupils' questions not yet put on a meeting's programme, oldest first."""
    return MeetingQuestion.objects.filter(school_class=school_class, meeting__isnull=True)


def meeting_politicians(school_class: SchoolClass) -> list[Any]:
    """The politicians the class may invite (verified; national parties or the
    municipality's own local lists)."""
    return politicians_for_municipality(school_class.school.municipality)
