"""Forms of class projects. The services check the same limits and give the same errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.school.models.youth import CONTRIBUTION_MAX


class ProjectForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("Short and clear. For example: More benches in the park."),
    )
    problem = forms.CharField(
        label=_("What is wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tell what the problem is and who it matters to. Do not name anyone."),
    )
    idea = forms.CharField(
        label=_("What should the city council do?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write it as one clear proposal."),
    )


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your idea or argument"),
        max_length=CONTRIBUTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only your class and your teacher can see it."),
    )
