"""Forms of the classes part: teachers, classes, joining and the pupils' sign-in.

The join form's field names (``code``, ``pseudonym``, ``age`` with ``under_15`` or
``15_or_older``) are a contract: the load script posts them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality
from socius.school.models import ConsentBasis, Course

AGE_UNDER_15 = "under_15"
AGE_15_OR_OLDER = "15_or_older"


class TeacherDeclareForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Choose the municipality"),
        error_messages={"required": _("Choose the municipality of your school.")},
    )
    school_name = forms.CharField(
        label=_("School"),
        max_length=150,
        help_text=_("Choose your school from the list, or write its name if it is not there."),
        error_messages={
            "required": _("Write the name of your school."),
            "max_length": _("The name of the school is too long."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_name"].widget.attrs.update({"list": "school-names"})


class TeacherFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        empty_label=_("All municipalities"),
    )


def _school_years() -> list[tuple[int, str]]:
    year = timezone.localdate().year
    return [(y, f"{y}/{str(y + 1)[-2:]}") for y in (year - 1, year, year + 1)]


class ClassForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the class"),
        max_length=60,
        help_text=_("For example 8.B. Do not use the pupils' names."),
        error_messages={
            "required": _("Give the class a name, for example 8.B."),
            "max_length": _("Use at most 60 characters and no < or >."),
        },
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        coerce=int,
        choices=[(7, "7."), (8, "8."), (9, "9."), (10, "10.")],
        error_messages={"required": _("Choose a grade from 7 to 10.")},
    )
    school_year = forms.TypedChoiceField(
        label=_("School year"),
        coerce=int,
        error_messages={"required": _("Choose this school year, the last one or the next one.")},
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("No course"),
        help_text=_("Your municipality's elective, if it has published one."),
    )
    consent_basis = forms.ChoiceField(
        label=_("Legal basis for the pupils' data"),
        widget=forms.RadioSelect,
        choices=ConsentBasis.choices,
        initial=ConsentBasis.PUBLIC_TASK,
        help_text=_(
            "Ask your school which one applies. The school's teaching: the school uses the "
            "platform as part of its teaching, and no consent is asked. Consent: a pupil under "
            "15 can take part only after you record a parent's consent."
        ),
    )

    def __init__(self, *args: Any, courses: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school_years: Any = self.fields["school_year"]
        school_years.choices = _school_years()
        school_years.initial = timezone.localdate().year
        if courses is not None:
            course: Any = self.fields["course"]
            course.queryset = courses


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=32,
        help_text=_("Your teacher gives you the code."),
        error_messages={"required": _("Write the class code.")},
    )
    pseudonym = forms.CharField(
        label=_("Your made-up name"),
        max_length=200,
        help_text=_(
            "Do not use your real name. Choose a made-up name, for example an animal. "
            "Only your class and your teacher can see it."
        ),
        error_messages={"required": _("Choose a made-up name.")},
    )
    age = forms.ChoiceField(
        label=_("How old are you?"),
        widget=forms.RadioSelect,
        choices=[(AGE_UNDER_15, _("Under 15")), (AGE_15_OR_OLDER, _("15 or older"))],
        error_messages={
            "required": _("Tell us if you are under 15."),
            "invalid_choice": _("Tell us if you are under 15."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters"}
        )
        self.fields["pseudonym"].widget.attrs.update({"autocomplete": "off"})


class PupilLoginForm(forms.Form):
    code = forms.CharField(
        label=_("Class code"),
        max_length=32,
        error_messages={"required": _("Write the class code.")},
    )
    pseudonym = forms.CharField(
        label=_("Your made-up name"),
        max_length=200,
        error_messages={"required": _("Write your made-up name.")},
    )
    personal_code = forms.CharField(
        label=_("Your personal code"),
        max_length=100,
        help_text=_("For example sol-ravn-42. Your teacher can give you a new one."),
        error_messages={"required": _("Write your personal code.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("code", "pseudonym", "personal_code"):
            self.fields[name].widget.attrs.update({"autocomplete": "off"})
