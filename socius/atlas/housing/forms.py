"""Forms of the housing pages. Figures are typed the Danish way ("40,5"); anything that is not
a plain number in range (NaN, infinity, a percentage over 100, a negative count) is refused
with a message saying what to write, and the rest of what was typed stays in the form."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.atlas.housing.models import (
    AgeGroup,
    Group,
    InitiativeKind,
    Need,
    ProjectStatus,
)
from socius.atlas.models import Indicator
from socius.core.models import Municipality, Organisation
from socius.core.money import MAX_AMOUNT, DanishAmountField

_DECIMAL = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?", re.ASCII)
_WHOLE = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)", re.ASCII)

CONSENT_TEXT = _(
    "I agree that Socius keeps what I have told here about my age group, household, needs and "
    "the municipalities I want to live in, to show me intergenerational housing that fits and "
    "to tell me when a project opens. Housing organisations see only how many people are "
    "interested, never who. I can change or delete it at any time."
)


class DanishDecimalField(forms.Field):
    """A decimal typed with a comma (or a point), with at most ``places`` decimals."""

    default_error_messages = {
        "invalid": _("Write a number, for example 40,5."),
        "places": _("Use at most %(places)s decimals."),
        "min_value": _("The number must be at least %(limit)s."),
        "max_value": _("The number must be at most %(limit)s."),
    }

    def __init__(
        self, *, places: int = 2, min_value: Decimal, max_value: Decimal, **kwargs: Any
    ) -> None:
        self.places, self.min_value, self.max_value = places, min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value or "").strip().replace(" ", "").replace("\u2212", "-")
        if not text:
            return None
        if len(text) > 20 or not _DECIMAL.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern rules it out
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if -number.as_tuple().exponent > self.places:  # type: ignore[operator]
            raise forms.ValidationError(
                self.error_messages["places"], code="places", params={"places": self.places}
            )
        return number

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"], code="min_value", params={"limit": self.min_value}
            )
        if value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"], code="max_value", params={"limit": self.max_value}
            )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value


class WholeNumberField(forms.Field):
    """A whole number, with or without dots between thousands ("1.250")."""

    default_error_messages = {
        "invalid": _("Write a whole number, for example 1.250."),
        "min_value": _("The number must be at least %(limit)s."),
        "max_value": _("The number must be at most %(limit)s."),
    }

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        text = str(value or "").strip().replace(" ", "").replace("\u2212", "-")
        if not text:
            return None
        if len(text) > 15 or not _WHOLE.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text.replace(".", ""))

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value < self.min_value:
            raise forms.ValidationError(
                self.error_messages["min_value"], code="min_value", params={"limit": self.min_value}
            )
        if value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["max_value"], code="max_value", params={"limit": self.max_value}
            )


def _pct(label: Any, *, places: int = 2, max_value: Decimal = Decimal(100), **kw: Any) -> Any:
    return DanishDecimalField(
        label=label, places=places, min_value=Decimal(0), max_value=max_value, **kw
    )


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    housing_organisation = forms.CharField(label=_("Housing organisation"), max_length=200)
    departments = forms.CharField(
        label=_("Housing departments (as they were in 2010)"),
        help_text=_("One per line."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AreaYearForm(forms.Form):
    """One year's figures. Each is the 2-year average the list uses, where the law says so."""

    year = WholeNumberField(label=_("List year"), min_value=2000, max_value=2100)
    residents = WholeNumberField(label=_("Residents"), min_value=0, max_value=1_000_000)
    outside_work_pct = _pct(_("18–64-year-olds outside work or education (%)"))
    convicted_pct = _pct(
        _("Residents convicted (%)"),
        places=3,
        help_text=_(
            "Residents aged 15 or older convicted under the criminal code, the weapons "
            "act or the drugs act (2-year average)."
        ),  # fmt: skip
    )
    national_convicted_pct = DanishDecimalField(
        label=_("Convicted in all Denmark (%)"),
        places=3,
        min_value=Decimal("0.001"),
        max_value=Decimal(100),
        help_text=_("The same share for all Denmark: the area's share is compared with it."),
    )
    basic_schooling_pct = _pct(_("30–59-year-olds with only basic schooling (%)"))
    income_pct_of_region = _pct(
        # xgettext:no-python-format
        _("Mean gross income of 15–64-year-olds as % of the region's"),
        max_value=Decimal("999.99"),
        help_text=_("Students are not counted."),
    )
    non_western_pct = _pct(_("Non-Western immigrants and descendants (%)"))
    source_note = forms.CharField(label=_("Source"), required=False, max_length=300)


class InitiativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InitiativeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    budget = DanishAmountField(
        label=_("Budget"), required=False, min_value=Decimal(0), max_value=MAX_AMOUNT
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Ends"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outcome = forms.CharField(
        label=_("Outcome so far"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The initiative must end after it starts."))
        return data


class MeasureForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.filter(is_active=True)
    )
    baseline = DanishDecimalField(
        label=_("Baseline"),
        places=6,
        min_value=Decimal("-1000000000000"),
        max_value=Decimal("1000000000000"),
    )
    target = DanishDecimalField(
        label=_("Target"),
        places=6,
        min_value=Decimal("-1000000000000"),
        max_value=Decimal("1000000000000"),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class IncomeImportForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    year = WholeNumberField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        help_text=_("Where the figures come from, for example a table from Danmarks Statistik."),
    )
    file = forms.FileField(label=_("CSV file"))


class ProjectForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Housing organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name")
    )
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    homes = WholeNumberField(label=_("Homes"), min_value=1, max_value=10_000)
    groups = forms.MultipleChoiceField(
        label=_("For"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )
    opening_year = WholeNumberField(
        label=_("Year it opens or opened"), min_value=1900, max_value=2100, required=False
    )
    apply_url = forms.URLField(
        label=_("Where to apply"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("The housing organisation's own page: it allocates the homes."),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        field.queryset = organisations


class ProjectEditForm(ProjectForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["organisation"]


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)


class InterestForm(forms.Form):
    age_group = forms.ChoiceField(
        label=_("Your age group"), choices=AgeGroup.choices, widget=forms.RadioSelect
    )
    household_size = WholeNumberField(
        label=_("People in your household, you included"), min_value=1, max_value=12
    )
    groups = forms.MultipleChoiceField(
        label=_("I count myself among"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(
        label=_("What the home must have"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities you would like to live in"),
        queryset=Municipality.objects.order_by("name"),
        help_text=_("Hold Ctrl (or Cmd on a Mac) to choose more than one."),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=True)


class AreaFilterForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(housing_areas__isnull=False).distinct(),
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from socius.atlas.housing.models import ListStatus

        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        field.choices = [("", _("All")), *ListStatus.choices]
