"""Forms of the visits part: they check the shape of the input in plain words and keep what
was typed; the services decide, and their refusals are shown on the same form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Organisation
from socius.core.widgets import FastSelect
from socius.school.models import SchoolClass, VisitKind
from socius.school.models.visits import WEEKDAY_NAMES
from socius.school.services_visits import OfferFields

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
GRADES = [(7, "7."), (8, "8."), (9, "9."), (10, "10.")]


def lazy_str(make: Any) -> Any:
    return lazy(make, str)()


_TOO_LONG = _("The text is too long. Use at most %(limit_value)d characters.")
_CHOICE = {"invalid_choice": _("Choose one of the options."), "required": _("Choose one.")}
_DATE = {"invalid": _("Write a date, for example 2027-03-31."), "required": _("Choose a day.")}
_NUMBER = {"invalid": _("Write a whole number."), "required": _("Write a number.")}


def _text(label: Any, limit: int, *, required: bool = True, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        error_messages={"required": _("Write a few words."), "max_length": _TOO_LONG},
        **kw,
    )


def _number(label: Any, low: int, high: int, **kw: Any) -> forms.IntegerField:
    # Formatted when shown, in the language of the request (not at import, in Danish).
    message = lazy_str(
        lambda: gettext("Write a number from %(low)s to %(high)s.") % {"low": low, "high": high}
    )
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        error_messages={**_NUMBER, "min_value": message, "max_value": message},
        **kw,
    )


class OfferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Association"),
        queryset=Organisation.objects.none(),
        error_messages=_CHOICE,
    )
    title = _text(_("Title"), 150)
    description = _text(
        _("What will the pupils do?"), 3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    kind = forms.ChoiceField(
        label=_("Kind of visit"),
        choices=VisitKind.choices,
        widget=forms.RadioSelect,
        error_messages=_CHOICE,
    )
    place = _text(_("Place"), 200, help_text=_("The address, or “at the school”."))
    first_grade = forms.TypedChoiceField(
        label=_("From grade"), choices=GRADES, coerce=int, error_messages=_CHOICE
    )
    last_grade = forms.TypedChoiceField(
        label=_("To grade"), choices=GRADES, coerce=int, initial=10, error_messages=_CHOICE
    )
    capacity = _number(_("Pupils at most"), 1, 60)
    duration_minutes = _number(_("How long, in minutes"), 15, 480)
    available_from = forms.DateField(label=_("First day"), widget=DATE_WIDGET, error_messages=_DATE)
    available_until = forms.DateField(label=_("Last day"), widget=DATE_WIDGET, error_messages=_DATE)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        required=False,
        choices=[(str(n), name) for n, name in enumerate(WEEKDAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty if any day works."),
        error_messages=_CHOICE,
    )
    certificate = forms.BooleanField(
        label=_("Everyone who meets the pupils has a børneattest"),
        required=False,
        help_text=_(
            "A børneattest is a certificate from the police. You confirm it for 12 months "
            "at a time. Without it the offer stays a draft."
        ),
    )
    listed = forms.BooleanField(
        label=_("Show the offer to teachers now"),
        required=False,
        help_text=_("Leave it unticked to save a draft."),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation] | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        if organisations is None:
            del self.fields["organisation"]
        else:
            cast(
                "forms.ModelChoiceField[Organisation]", self.fields["organisation"]
            ).queryset = organisations

    def offer_fields(self) -> OfferFields:
        data = self.cleaned_data
        return OfferFields(
            title=data["title"].strip(),
            description=data["description"].strip(),
            kind=data["kind"],
            place=data["place"].strip(),
            first_grade=data["first_grade"],
            last_grade=data["last_grade"],
            capacity=data["capacity"],
            duration_minutes=data["duration_minutes"],
            available_from=data["available_from"],
            available_until=data["available_until"],
            weekdays="".join(sorted(set(data["weekdays"]))),
        )


class OfferFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("All municipalities"),
        to_field_name="code",
        widget=FastSelect,
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        required=False,
        choices=[("", _("All grades")), *GRADES],
        coerce=int,
        empty_value=None,
    )
    kind = forms.ChoiceField(
        label=_("Kind of visit"),
        required=False,
        choices=[("", _("All kinds")), *VisitKind.choices],
    )


class BookingForm(forms.Form):
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), error_messages=_CHOICE
    )
    day = forms.DateField(label=_("Day"), widget=DATE_WIDGET, error_messages=_DATE)
    starts_at = forms.TimeField(
        label=_("Time"),
        widget=TIME_WIDGET,
        error_messages={
            "invalid": _("Write a time, for example 09:30."),
            "required": _("Write a time."),
        },
    )
    pupils = _number(_("Number of pupils"), 1, 60)
    message = _text(
        _("Message to the association"),
        1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, classes: QuerySet[SchoolClass], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = cast("forms.ModelChoiceField[SchoolClass]", self.fields["school_class"])
        field.queryset = classes
        field.to_field_name = "public_id"
        field.label_from_instance = lambda c: f"{c.name}, {c.school.name}"  # type: ignore[method-assign,assignment]


class EvaluationForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How did it go? (1 is bad, 5 is very good)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages=_CHOICE,
    )
    text = _text(
        _("What worked, and what could be better?"),
        1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
