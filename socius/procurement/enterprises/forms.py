"""Forms of the catalogue, registration, municipal companies and spin-offs. Limits match the
models; the services check again."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Organisation
from socius.core.uploads import DOCUMENT_MAGIC
from socius.core.validators import normalise_cvr, validate_cvr
from socius.procurement.cpv import CpvCodeField, cpv_normalise
from socius.procurement.enterprises.models import (
    CRITERION_QUESTIONS,
    SHORT_MAX,
    TEXT_MAX,
    URL_MAX,
    Criterion,
    Fulfilment,
    SocialEnterprise,
)

_SHARE = re.compile(r"^(\d{1,3})(?:[,.](\d))?$")
_CPV_SPLIT = re.compile(r"[\n,;]+")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_share(text: str) -> int:
    """A percentage as people type it ("30", "30,0", "29,9", "30 %") in tenths of a percent."""
    cleaned = text.strip().removesuffix("%").strip()
    match = _SHARE.match(cleaned)
    if match is None:
        raise ValidationError(
            _("Write the share as a number between 0 and 100, with at most one decimal."),
            code="invalid",
        )
    tenths = int(match.group(1)) * 10 + int(match.group(2) or 0)
    if tenths > 1000:
        raise ValidationError(_("The share cannot be more than 100."), code="max")
    return tenths


def _https(value: str) -> str:
    url = value.strip()
    if url and not url.lower().startswith("https://"):
        raise ValidationError(_("Give a link that starts with https://."))
    return url


def _evidence_field(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=_("PDF, PNG, JPEG or an office document, at most %(mb)d MB.")
        % {"mb": settings.MAX_UPLOAD_MB},
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{suffix}" for suffix in DOCUMENT_MAGIC)}
        ),
    )


class CatalogueFilterForm(forms.Form):
    cpv = CpvCodeField(
        label=_("CPV code"),
        required=False,
        help_text=_("For example 90910000-9. Enterprises offering a broader code are included."),
    )
    area = forms.ModelChoiceField(
        label=_("Municipality served"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All municipalities"),
    )
    reserved = forms.BooleanField(
        label=_("Only those that can bid for reserved contracts"), required=False
    )


class EnterpriseForm(forms.Form):
    """What the enterprise states about itself and offers (registration and editing)."""

    rsv_status = forms.ChoiceField(
        label=_("Status in the register of social-economy enterprises (RSV)"),
        choices=SocialEnterprise.RsvStatus.choices,
        widget=forms.RadioSelect,
    )
    rsv_source = forms.CharField(
        label=_("Where can the status be checked?"),
        required=False,
        max_length=URL_MAX,
        help_text=_("A link to the register or the letter from Erhvervsstyrelsen."),
    )
    rsv_stated_on = forms.DateField(
        label=_("Date the status was checked"), required=False, widget=DATE_WIDGET
    )
    share = forms.CharField(
        label=_("Share of staff who are disabled or disadvantaged (percent)"),
        max_length=10,
        help_text=_(
            "For example 30 or 32,5. At least 30 with evidence lets you bid for reserved contracts."
        ),  # fmt: skip
    )
    share_note = forms.CharField(
        label=_("How is the share counted?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    share_evidence_file = _evidence_field(_("Evidence for the share (document)"))
    share_evidence_url = forms.CharField(
        label=_("Evidence for the share (link)"), required=False, max_length=URL_MAX
    )
    capacity = forms.CharField(
        label=_("Capacity"),
        max_length=TEXT_MAX,
        help_text=_("In plain words: how much you can deliver, and how soon."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cpv_codes = forms.CharField(
        label=_("What you offer (CPV codes)"),
        max_length=2000,
        help_text=_("One code per line, for example 90910000-9."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Municipalities you serve"),
        queryset=Municipality.objects.order_by("name"),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields = {
                "organisation": forms.ModelChoiceField(
                    label=_("Organisation"),
                    queryset=organisations,
                    to_field_name="slug",
                    empty_label=None,
                ),
                **self.fields,
            }

    def clean_share(self) -> int:
        return parse_share(self.cleaned_data["share"])

    def clean_share_evidence_url(self) -> str:
        return _https(self.cleaned_data["share_evidence_url"])

    def clean_cpv_codes(self) -> list[str]:
        codes = [c.strip() for c in _CPV_SPLIT.split(self.cleaned_data["cpv_codes"]) if c.strip()]
        errors, out = [], []
        for code in codes:
            try:
                out.append(cpv_normalise(code))
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return out

    def clean_organisation(self) -> Organisation:
        org = self.cleaned_data["organisation"]
        try:
            validate_cvr(org.cvr or "")
        except ValidationError:
            raise ValidationError(
                _(
                    "The organisation needs a valid CVR number of its own. Add it on the "
                    "organisation's page first."
                )  # fmt: skip
            ) from None
        return org

    def facts(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "rsv_status": data["rsv_status"],
            "rsv_source": data["rsv_source"].strip(),
            "rsv_stated_on": data["rsv_stated_on"],
            "share_tenths": data["share"],
            "share_note": data["share_note"].strip(),
            "share_evidence_url": data["share_evidence_url"],
            "capacity": data["capacity"].strip(),
        }


class CriterionForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    evidence_file = _evidence_field(_("Evidence (document)"))
    evidence_url = forms.CharField(label=_("Evidence (link)"), required=False, max_length=URL_MAX)

    def __init__(self, *args: Any, criterion: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].help_text = str(CRITERION_QUESTIONS[criterion])

    def clean_evidence_url(self) -> str:
        return _https(self.cleaned_data["evidence_url"])


class CompanyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=SHORT_MAX)
    cvr = forms.CharField(label=_("CVR number"), max_length=20)
    ownership = forms.CharField(
        label=_("Ownership"),
        max_length=TEXT_MAX,
        help_text=_("Who owns the company, and how much the municipality owns."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    activity = forms.CharField(
        label=_("What the company does"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_cvr(self) -> str:
        value = self.cleaned_data["cvr"]
        validate_cvr(value)
        return normalise_cvr(value)


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Criterion.choices:
            self.fields[f"{value}_fulfilment"] = forms.ChoiceField(
                label=label, choices=Fulfilment.choices, widget=forms.RadioSelect
            )
            self.fields[f"{value}_note"] = forms.CharField(
                label=_("Why"),
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {c: (data[f"{c}_fulfilment"], data[f"{c}_note"]) for c in Criterion.values}


class PlanStepForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Towards the criterion"), choices=Criterion.choices)
    action = forms.CharField(
        label=_("Change"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.CharField(label=_("Responsible"), max_length=SHORT_MAX)
    due_on = forms.DateField(label=_("Due"), widget=DATE_WIDGET)


class SpinOffForm(forms.Form):
    name = forms.CharField(label=_("Name of the new enterprise"), max_length=SHORT_MAX)
    activity = forms.CharField(
        label=_("The activity"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    department = forms.CharField(label=_("Department it comes from"), max_length=SHORT_MAX)


class StepSignForm(forms.Form):
    signed_by_name = forms.CharField(
        label=_("Signed off by (name and title)"), max_length=SHORT_MAX
    )
    signed_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Note"),
        max_length=TEXT_MAX,
        help_text=_("What was decided or checked, and where the papers are."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
