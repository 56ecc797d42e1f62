from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from socius.core.audit import audit_actions, audit_modules
from socius.core.models import Membership, Municipality, MunicipalSpace, Organisation, Theme
from socius.core.validators import normalise_cvr, validate_cvr
from socius.core.widgets import FastSelect


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's FileField takes one): a list, empty when none."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class ThemeForm(forms.ModelForm[Theme]):
    class Meta:
        model = Theme
        fields = ["name", "name_en", "description", "description_en", "position", "is_active"]


class OrganisationForm(forms.ModelForm[Organisation]):
    # Wider than the stored 8 digits: people type "DK 12 34 56 78"; clean_cvr normalises.
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=20,
        required=False,
        help_text=_(
            "8 digits. Required for companies, social-economy enterprises and public bodies."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "cvr", "municipality", "description", "website", "email"]
        widgets = {"municipality": FastSelect}
        help_texts = {
            "cvr": _(
                "8 digits. Required for companies, social-economy enterprises and public bodies."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["themes"].initial = list(self.instance.themes.all())

    def clean_cvr(self) -> str:
        value = normalise_cvr(self.cleaned_data.get("cvr") or "")
        if value:
            validate_cvr(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in Organisation.KINDS_REQUIRING_CVR and not data.get("cvr"):
            self.add_error("cvr", _("This kind of organisation must have a CVR number."))
        return data


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def clean_email(self) -> Any:
        email = self.cleaned_data["email"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Nobody with that e-mail address has an account. Ask them to sign up first.")
            )
        return user


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organisation.Kind.choices]
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("All municipalities"),
        to_field_name="code",
        widget=FastSelect,
    )


def _audit_action_choices() -> list[tuple[str, Any]]:
    """The registered actions grouped by module, each under its readable name."""
    modules = {m.code: m.label for m in audit_modules()}
    groups: dict[str, list[tuple[str, str]]] = {}
    for action in audit_actions():
        groups.setdefault(action.module, []).append((action.code, str(action.label)))
    return [("", _("All actions"))] + [
        (str(modules.get(code, code)), sorted(choices, key=lambda c: c[1]))
        for code, choices in groups.items()
    ]


class AuditFilterForm(forms.Form):
    """The audit log's filters: who, which module or action, and a period (both days included)."""

    person = forms.CharField(
        label=_("Who (name or e-mail)"), required=False, max_length=150, strip=True
    )
    module = forms.ChoiceField(label=_("Module"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput({"type": "date"}, "%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = sorted(((m.code, str(m.label)) for m in audit_modules()), key=lambda m: m[1])
        cast(forms.ChoiceField, self.fields["module"]).choices = [("", _("All modules")), *modules]
        cast(forms.ChoiceField, self.fields["action"]).choices = _audit_action_choices()

    def clean_person(self) -> str:
        value: str = self.cleaned_data["person"]
        if "\x00" in value:
            raise forms.ValidationError(_("The text contains characters that are not allowed."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        for key in ("date_from", "date_to"):
            day = data.get(key)
            if day and not datetime.date(1970, 1, 1) <= day <= datetime.date(9998, 12, 31):
                self.add_error(key, _("Choose a date between 1970 and 9998."))
        return data


class MunicipalSpaceForm(forms.ModelForm[MunicipalSpace]):
    """What an administrator says about a municipality taking part."""

    class Meta:
        model = MunicipalSpace
        fields = [
            "participates",
            "authority",
            "slug",
            "intro",
            "contact_email",
            "contact_phone",
            "address",
            "runs_community_advice",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "slug": _("The last part of the space's address, e.g. aarhus for /kommuner/aarhus/."),
        }
