"""Forms for the citizen's own plan. They check the shape of the input in plain words and
keep what was typed; the services decide (services.py) and their refusals are shown on the
same form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Organisation, Theme
from socius.core.widgets import FastSelect
from socius.plans import services
from socius.plans.models import DOMAIN_SCORES, Domain, Entry

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

GAS_CHOICES = [
    ("-2", _("-2: much worse than I hoped")),
    ("-1", _("-1: a bit worse than I hoped")),
    ("0", _("0: as I hoped")),
    ("1", _("+1: a bit better than I hoped")),
    ("2", _("+2: much better than I hoped")),
]
HELPER_CHOICES = [
    (services.HelperKind.SELF, _("I do it myself")),
    (services.HelperKind.NETWORK, _("Someone I know")),
    (services.HelperKind.PROFESSIONAL, _("A professional")),
    (services.HelperKind.ASSOCIATION, _("An association")),
]
_CHOICE_ERROR = {"invalid_choice": _("Choose one of the options.")}
_TOO_LONG = _("The text is too long. Use at most %(limit_value)d characters.")


def _text_field(label: Any, limit: int, *, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        error_messages={"required": _("Write a few words."), "max_length": _TOO_LONG},
        **kwargs,
    )


class PlanForm(forms.Form):
    title = _text_field(
        _("A name for your plan"), services.TITLE_MAX, required=False,
        help_text=_("You can leave it empty."),
    )  # fmt: skip
    domains = forms.MultipleChoiceField(
        label=_("Which parts of your life do you want to follow?"),
        choices=Domain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You rate them from 1 to 10 now and then. You can change this later."),
        error_messages=_CHOICE_ERROR,
    )
    municipality = forms.ModelChoiceField(
        label=_("Your municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=FastSelect,
        help_text=_("Your progress counts in its statistics. No one can see it is you."),
        error_messages=_CHOICE_ERROR,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("What is your plan about?"),
        queryset=Theme.objects.filter(is_active=True).order_by("position", "name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can leave it empty. The numbers for each theme count no one alone."),
        error_messages=_CHOICE_ERROR,
    )


class GoalForm(forms.Form):
    text = _text_field(_("Your goal"), services.TEXT_MAX, help_text=_("Use your own words."))
    why = _text_field(
        _("Why is it important to you?"), services.LONG_TEXT_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    domain = forms.ChoiceField(
        label=_("Part of life"),
        choices=[("", _("None")), *Domain.choices],
        required=False,
        error_messages=_CHOICE_ERROR,
    )
    baseline = forms.TypedChoiceField(
        label=_("Where are you now?"),
        choices=GAS_CHOICES,
        coerce=int,
        initial="-1",
        widget=forms.RadioSelect,
        help_text=_("Most people start at -1."),
        error_messages=_CHOICE_ERROR,
    )


class StepForm(forms.Form):
    text = _text_field(_("What is the step?"), services.TEXT_MAX)
    helper_kind = forms.ChoiceField(
        label=_("Who helps?"),
        choices=HELPER_CHOICES,
        initial=services.HelperKind.SELF,
        widget=forms.RadioSelect,
        error_messages=_CHOICE_ERROR,
    )
    helper = _text_field(
        _("Name of the person who helps"), services.NAME_MAX, required=False,
        help_text=_("You can leave it empty."),
    )  # fmt: skip
    organisation = forms.ModelChoiceField(
        label=_("Association"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ASSOCIATION).order_by("name"),
        required=False,
        widget=FastSelect,
        help_text=_("Only if an association helps."),
        error_messages=_CHOICE_ERROR,
    )
    due = forms.DateField(
        label=_("When do you want it done?"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("You can leave it empty."),
        error_messages={"invalid": _("Write a date, for example 24-12-2026.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") and data.get("helper_kind") != services.HelperKind.ASSOCIATION:
            self.add_error(
                "organisation", _("Choose an association only when an association helps.")
            )
        return data


class GoalRateForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How far are you with the goal?"),
        choices=GAS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score."), **_CHOICE_ERROR},
    )
    comment = _text_field(
        _("Comment"), services.LONG_TEXT_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("You can leave it empty."),
    )  # fmt: skip


class GoalCloseForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Why do you close the goal?"),
        choices=[("1", _("I reached it")), ("0", _("I let it go"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the options."), **_CHOICE_ERROR},
    )


class DomainRateForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("Part of life"), choices=Domain.choices, error_messages=_CHOICE_ERROR
    )
    score = forms.TypedChoiceField(
        label=_("How is it going? 1 is very bad. 10 is very good."),
        choices=[(str(n), str(n)) for n in DOMAIN_SCORES],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a score."), **_CHOICE_ERROR},
    )
    comment = _text_field(
        _("Comment"), services.LONG_TEXT_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("You can leave it empty."),
    )  # fmt: skip

    def __init__(self, *args: Any, domains: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if domains:
            field = self.fields["domain"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 (narrows the type)
            field.choices = [(v, label) for v, label in Domain.choices if v in domains]


class EntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to add?"),
        choices=Entry.Kind.choices,
        initial=Entry.Kind.NOTE,
        widget=forms.RadioSelect,
        error_messages=_CHOICE_ERROR,
    )
    text = _text_field(_("Text"), services.LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4}))
    day = forms.DateField(
        label=_("Day of the appointment"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Write a date, for example 24-12-2026.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("You can leave it empty."),
        error_messages={"invalid": _("Write a time, for example 14:30.")},
    )
    place = _text_field(_("Place"), services.NAME_MAX, required=False)
    with_whom = _text_field(_("With whom"), services.NAME_MAX, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs_day = data.get("kind") == Entry.Kind.APPOINTMENT and not data.get("day")
        if needs_day and "day" not in self.errors:
            self.add_error("day", _("Write the day of the appointment."))
        return data

    def starts(self) -> datetime.datetime | datetime.date | None:
        """The appointment's start: an aware time on the day, or the day alone."""
        day = self.cleaned_data.get("day")
        if self.cleaned_data.get("kind") != Entry.Kind.APPOINTMENT or day is None:
            return None
        at = self.cleaned_data.get("time")
        if at is None:
            return day
        return timezone.make_aware(datetime.datetime.combine(day, at))


class DocumentForm(forms.Form):
    upload = forms.FileField(
        label=_("File"),
        help_text=_("PDF, picture or office document."),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
