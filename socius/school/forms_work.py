"""Forms of the class's work. Votes and statements use the forum's own forms
(deliberation.forms.VoteForm, StatementForm, ModerationForm)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.models import Theme
from socius.school.models.work import QUESTION_MAX_LENGTH, REFLECTION_MAX_LENGTH


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ConversationStartForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True))
    question = forms.CharField(
        label=_("The question"),
        max_length=300,
        help_text=_("One open question, for example: What should our town do for young people?"),
    )
    seed_statements = forms.CharField(
        label=_("First statements"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One statement per line. The class votes on them first."),
    )

    def clean_seed_statements(self) -> list[str]:
        return _lines(self.cleaned_data["seed_statements"])


class ExerciseForm(forms.Form):
    indicator = forms.ChoiceField(label=_("The figure"))
    question = forms.CharField(
        label=_("Question for the pupils"),
        max_length=300,
        required=False,
        help_text=_("Leave it empty to ask: What do you think the number is?"),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = choices  # type: ignore[attr-defined]


class GuessForm(forms.Form):
    guess = forms.CharField(label=_("Your guess"), max_length=30)


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("What do you think now?"),
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Were you surprised? Why do you think the number is like that?"),
    )


class MeetingQuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ask about something in your town. Do not write names."),
    )


class MeetingForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True))
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    politicians = forms.TypedMultipleChoiceField(
        label=_("Politicians"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose politicians from at least two parties."),
    )
    questions = forms.TypedMultipleChoiceField(
        label=_("The pupils' questions"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        politicians: list[tuple[int, str]],
        questions: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["politicians"].choices = politicians  # type: ignore[attr-defined]
        self.fields["questions"].choices = questions  # type: ignore[attr-defined]
