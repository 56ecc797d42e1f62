"""Forms of the programme's editing pages. Services do the real checks; the forms give
labels, widgets and the first plain errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Theme
from socius.programme.models import Action, ActionStatus, Direction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.filter(space__isnull=False)
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"), max_length=3000, required=False, widget=forms.Textarea
    )
    period_start = forms.DateField(label=_("Period starts"), widget=DATE)
    period_end = forms.DateField(label=_("Period ends"), widget=DATE)
    adopted_on = forms.DateField(label=_("Adopted by the council on"), required=False, widget=DATE)
    published = forms.BooleanField(label=_("Published"), required=False)


class CommitmentForm(forms.Form):
    number = forms.IntegerField(label=_("Number in the programme"), min_value=1, max_value=99)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("In plain words"), max_length=3000, widget=forms.Textarea)
    owner_department = forms.CharField(label=_("Responsible department"), max_length=160)
    committee = forms.CharField(label=_("Political committee"), max_length=160, required=False)
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("In plain words"), max_length=3000, required=False, widget=forms.Textarea
    )
    owner = forms.CharField(label=_("Owner"), max_length=160)
    budget_kr = forms.IntegerField(
        label=_("Budget (kr.)"), required=False, min_value=0, max_value=100_000_000_000
    )
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)


class ActionFromDecisionForm(ActionForm):
    commitment = forms.ChoiceField(label=_("Commitment"))
    field_order = ["commitment"]

    def __init__(self, *args: Any, commitments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitments = {str(c.pk): c for c in commitments}
        self.fields["commitment"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), f"{c.programme.municipality.name}: {c}") for c in commitments
        ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    reason = forms.CharField(
        label=_("Why does the status change?"),
        max_length=500,
        required=False,
        help_text=_("Citizens see the reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class MeasureForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("Atlas indicator"))
    # localize: a decimal comma ("11,1") is read as a Danish reader writes it.
    baseline = forms.DecimalField(
        label=_("Baseline"), max_digits=14, decimal_places=3, localize=True
    )
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=1990, max_value=2100)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=3, localize=True)
    target_year = forms.IntegerField(label=_("Target year"), min_value=1990, max_value=2100)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    action = forms.ModelChoiceField(
        label=_("Action"), queryset=Action.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(
        self, *args: Any, indicators: Any = (), actions: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = list(indicators)  # type: ignore[attr-defined]
        if actions is not None:
            self.fields["action"].queryset = actions  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"))
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kinds: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
