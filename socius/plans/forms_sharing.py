"""Forms for sharing. The share form is the citizen's only; a professional's forms carry a
text and at most a goal chosen among those the share opens, never parts, goals to add, a
recipient or a period."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.access import users_with_capability
from socius.core.models import Municipality
from socius.core.roles import Capability
from socius.plans.models import Part, Team
from socius.plans.sharing import PURPOSE_MAX, TEXT_MAX

DATE = forms.DateInput({"type": "date"}, "%Y-%m-%d")


class ShareForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label=_("What do you want to share?"),
        choices=Part.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one part of your plan.")},
    )
    goals = forms.MultipleChoiceField(
        label=_("Which goals?"),
        help_text=_("Choose none to share all your goals."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    professional_email = forms.EmailField(
        label=_("The professional's e-mail address"),
        help_text=_("The address they use here. Or choose a team below."),
        required=False,
        max_length=254,
    )
    team = forms.ModelChoiceField(
        label=_("Or a team"), queryset=Team.objects.none(), required=False,
        empty_label=_("No team"),
    )  # fmt: skip
    purpose = forms.CharField(
        label=_("Why do you share?"),
        help_text=_("For example: So my job consultant can help me plan my week."),
        max_length=PURPOSE_MAX,
        widget=forms.Textarea({"rows": 3}),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        help_text=_("At most 12 months from today. You can stop it at any time."),
        widget=DATE,
    )

    def __init__(self, *args: Any, goals: list[tuple[str, str]], teams: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = goals  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if not goals:
            del self.fields["goals"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        one = bool(data.get("professional_email")) != bool(data.get("team"))
        if not one and "professional_email" not in self.errors:
            self.add_error(
                "professional_email",
                _("Write one professional's e-mail address or choose one team."),
            )
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=TEXT_MAX, widget=forms.Textarea({"rows": 4})
    )
    goal = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args: Any, goals: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("The whole plan")), *goals]  # type: ignore[attr-defined]


class ProposeForm(forms.Form):
    goal = forms.ChoiceField(label=_("Goal"))
    text = forms.CharField(
        label=_("The step you propose"), max_length=TEXT_MAX, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args: Any, goals: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = goals  # type: ignore[attr-defined]


class RateForm(forms.Form):
    goal = forms.ChoiceField(label=_("Goal"))
    score = forms.TypedChoiceField(
        label=_("How far has the citizen come?"),
        coerce=int,
        choices=[
            (-2, _("-2: Much less than expected")),
            (-1, _("-1: Less than expected")),
            (0, _("0: As expected")),
            (1, _("+1: More than expected")),
            (2, _("+2: Much more than expected")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=TEXT_MAX,
        widget=forms.Textarea({"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, goals: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = goals  # type: ignore[attr-defined]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        required=False,
        queryset=users_with_capability(Capability.PLANS_PROFESSIONAL).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
