from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.deliberation.models import STATEMENT_MAX_LENGTH, Vote


class LiveVoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    value = forms.TypedChoiceField(choices=Vote.Value.choices, coerce=int)


class LiveStatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_("One idea in one or two sentences, at most 280 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
