from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.advice.models import Community
from socius.advice.services import FIELDS
from socius.core.models import Municipality, Organisation, Theme
from socius.core.widgets import FastSelect


class CommunityForm(forms.ModelForm[Community]):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Community
        fields = ["organisation", *FIELDS]
        widgets = {"municipality": FastSelect}

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organisation"]
            self.fields["themes"].initial = list(self.instance.themes.all())
        elif len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("All municipalities"),
        to_field_name="code",
        widget=FastSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("All themes"),
        to_field_name="slug",
    )
