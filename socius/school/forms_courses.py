"""Forms of the courses part: clear, translated errors; what was typed is kept."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality
from socius.knowledge.selectors import lesson_plans_published

GRADES = [(7, _("7th grade")), (8, _("8th grade")), (9, _("9th grade")), (10, _("10th grade"))]


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    summary = forms.CharField(
        label=_("Short description"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three short sentences for pupils and parents."),
    )
    goals = forms.CharField(
        label=_("Goals"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the pupils learn. One goal a line."),
    )
    hours = forms.IntegerField(
        label=_("Hours in all"),
        min_value=1,
        max_value=240,
        initial=60,
        help_text=_(
            "An elective has about 60 hours a year. A two-year elective has about 120 hours."
        ),
    )
    first_grade = forms.TypedChoiceField(
        label=_("From grade"), choices=GRADES, coerce=int, initial=8
    )
    last_grade = forms.TypedChoiceField(
        label=_("To grade"),
        choices=GRADES,
        coerce=int,
        initial=9,
        help_text=_(
            "From 2025 a municipality may offer a local elective over two years: "
            "7th-8th or 8th-9th grade. Choose the same grade for a one-year course."
        ),
    )

    def course_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.fields if k != "municipality"}


class CourseCreateForm(CourseForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality"),
    )

    field_order = ["municipality"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participating = Municipality.objects.filter(space__participates=True).order_by("name")
        cast("forms.ModelChoiceField[Any]", self.fields["municipality"]).queryset = participating


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    goals = forms.CharField(
        label=_("Goals"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=240, initial=10)
    lesson_plan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Lesson plan"),
        queryset=None,
        required=False,
        empty_label=_("No lesson plan"),
        help_text=_("A published lesson plan from the knowledge hub."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read per form: Wagtail's public() asks the database for view restrictions.
        plans = lesson_plans_published()
        cast("forms.ModelChoiceField[Any]", self.fields["lesson_plan"]).queryset = plans

    def module_fields(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("title", "goals", "hours", "lesson_plan")}
