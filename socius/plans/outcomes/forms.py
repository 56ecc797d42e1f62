"""The release form: clear, translated errors; what was typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Theme
from socius.plans.outcomes.models import Table
from socius.plans.outcomes.services import EPSILON_MAX, EPSILON_MIN

QUARTERS = [
    ("", _("The whole year")),
    ("1", _("1st quarter")),
    ("2", _("2nd quarter")),
    ("3", _("3rd quarter")),
    ("4", _("4th quarter")),
]


class ReleaseForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    table = forms.ChoiceField(label=_("Table"), choices=Table.choices)
    year = forms.IntegerField(label=_("Year the plans started"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Period"), choices=QUARTERS, required=False, coerce=int, empty_value=None
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.filter(is_active=True).order_by("position", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All plans"),
        help_text=_("Only the plans whose citizens said they are about this theme."),
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    epsilon = forms.FloatField(
        label=_("Epsilon (privacy loss)"),
        min_value=EPSILON_MIN,
        max_value=EPSILON_MAX,
        help_text=_(
            "Smaller means more noise and more privacy. It is charged to the budget of the "
            "year the plans started."
        ),
    )
