from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Theme
from socius.core.widgets import FastSelect
from socius.proposals.models import MunicipalitySettings, Track
from socius.proposals.recommendations import (
    recommendation_attachable,
    recommendation_key,
    recommendation_refused,
)
from socius.proposals.workflows import ProposalState, RejectionRule

_RECEIPT = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{8}){3}")


class ProposalForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.all(), label=_("Municipality"), widget=FastSelect
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.filter(is_active=True), label=_("Theme"), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("The proposal"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should the city council decide? Write it plainly, in Danish."),
    )
    remarks = forms.CharField(
        label=_("Remarks"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Background and reasons. Do not write about other people."),
    )

    # The page id of a published recommendation the proposal starts from (see
    # proposals.recommendations for why any value here is distrusted).
    recommendation = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, limits: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, limit in (limits or {}).items():
            self.fields[name].widget.attrs["data-limit"] = str(limit)

    def clean_recommendation(self) -> str:
        """ "" or the id of a published recommendation. A refused value is also taken out of
        the form, so the page shown again keeps the text and saves without it next time."""
        value = self.cleaned_data.get("recommendation") or ""
        if not value:
            return ""
        key = recommendation_key(value)
        if key is None or recommendation_attachable(key) is None:
            self.recommendation_drop()
            raise forms.ValidationError(recommendation_refused(), code="recommendation")
        return key

    def recommendation_drop(self) -> None:
        """Render the form again without the recommendation (the rest as typed)."""
        if self.is_bound:
            data: Any = self.data
            data = data.copy()  # a QueryDict: a mutable copy, every value kept
            data["recommendation"] = ""
            self.data = data


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses of your co-proposers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("One a line. Each gets a link of their own to confirm."),
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", "\n").split("\n")
        emails = [e.strip() for e in raw if e.strip()]
        field = forms.EmailField()
        for email in emails:
            field.clean(email)
        if len(emails) > 20:
            raise forms.ValidationError(_("Invite at most 20 people."))
        return emails


class ListFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        label=_("Theme"),
        required=False,
        to_field_name="slug",
    )
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            *[
                (s.value, s.label)
                for s in ProposalState
                if s
                not in (
                    ProposalState.DRAFT,
                    ProposalState.INVITING,
                    ProposalState.SUBMITTED,
                    ProposalState.REJECTED,
                )
            ],
        ],
    )
    track = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), *Track.choices],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("signed", _("Most signed")),
            ("ending", _("Ending soon")),
        ],
    )


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=100,
        help_text=_("For example: 1a2b3c4d-5e6f7a8b-9c0d1e2f-3a4b5c6d"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_receipt(self) -> str:
        """Four groups of eight hex digits, as the signing page shows it (any case)."""
        value = str(self.cleaned_data["receipt"]).strip()
        if not _RECEIPT.fullmatch(value):
            raise forms.ValidationError(
                _(
                    "A receipt is 32 characters, the digits 0-9 and the letters a-f, in four "
                    "groups joined by hyphens. Copy it from the signing page."
                ),
                code="format",
            )
        return value


class RejectForm(forms.Form):
    rules = forms.MultipleChoiceField(
        label=_("Rules the proposal breaks"),
        choices=RejectionRule.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason (the proposer reads it)"), max_length=5000, widget=forms.Textarea
    )


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Field"),
        choices=[("title", _("Title")), ("text", _("The proposal")), ("remarks", _("Remarks"))],
    )
    value = forms.CharField(label=_("Corrected text"), max_length=50_000, widget=forms.Textarea)
    reason = forms.CharField(label=_("Why (shown on the timeline)"), max_length=500)


class PaperForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300)
    birth_date = forms.DateField(
        label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    cpr = forms.CharField(label=_("CPR number"), max_length=11)
    lives_in_municipality = forms.BooleanField(
        label=_("The address is in the municipality"), required=False
    )

    def __init__(self, *args: Any, by_cpr: bool, **kwargs: Any) -> None:
        """``by_cpr``: the proposal counts signers by CPR number, so the form must carry it;
        otherwise the field is left out (see services.signing.paper_signature_add)."""
        super().__init__(*args, **kwargs)
        if not by_cpr:
            del self.fields["cpr"]


class SettingsForm(forms.ModelForm[MunicipalitySettings]):
    class Meta:
        model = MunicipalitySettings
        fields = [
            "threshold",
            "period_days",
            "minimum_age",
            "residents_only",
            "coproposers_required",
            "coproposer_days",
            "title_max",
            "text_max",
            "remarks_max",
            "council_months",
            "secretariat_email",
            "youth_enabled",
            "youth_threshold",
            "youth_council_months",
            "youth_minimum_age",
        ]

    YOUTH_NUMBERS = ("youth_threshold", "youth_council_months", "youth_minimum_age")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The youth track's numbers may be left out of a post (a form saved before the track
        existed): they then keep their current values."""
        super().__init__(*args, **kwargs)
        for name in self.YOUTH_NUMBERS:
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.YOUTH_NUMBERS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = getattr(self.instance, name)
        posted_youth = any(name in self.data for name in self.YOUTH_NUMBERS)
        if not posted_youth:  # an unticked box is absent too: only a form without the
            cleaned["youth_enabled"] = self.instance.youth_enabled  # youth fields keeps it
        return cleaned
