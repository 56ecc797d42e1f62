from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.models import Theme
from socius.knowledge.models import Kind


class PublicationFilterForm(forms.Form):
    """The filters of the publication list: a GET form, so no CSRF token."""

    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        empty_label=_("All themes"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, required=False)
