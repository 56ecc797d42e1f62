"""Forms of the tax deduction. The CPR field is never rendered with its value: a form with
an error comes back with the field blank and the message (the number is not echoed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.money import DanishAmountField
from socius.support.tax.cpr import cpr_normalise


class CprForm(forms.Form):
    cpr = forms.CharField(
        label=_("Your CPR number"),
        help_text=_("10 digits, with or without a hyphen: 010190-1234."),
        max_length=20,
        widget=forms.PasswordInput(
            render_value=False, attrs={"autocomplete": "off", "inputmode": "numeric"}
        ),
        error_messages={"max_length": _("A CPR number has 10 digits.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the association stores my CPR number to report my gifts to "
            "Skattestyrelsen."
        ),  # fmt: skip
        error_messages={"required": _("Tick the box if you want the tax deduction.")},
    )

    def clean_cpr(self) -> str:
        digits = cpr_normalise(self.cleaned_data["cpr"])
        if digits is None:
            raise forms.ValidationError(
                _("This is not a CPR number. Write 10 digits, for example 010190-1234."),
                code="invalid",
            )
        return digits


def _provider_choices() -> list[tuple[str, str]]:
    from socius.support.payments.models import Provider
    from socius.support.payments.providers import providers_enabled

    labels = dict(Provider.choices)
    return [(code, str(labels.get(code, code))) for code in providers_enabled()]


class CommitmentForm(forms.Form):
    yearly_amount = DanishAmountField(
        label=_("Amount per year"),
        min_value=Decimal(100),
        max_value=Decimal(1_000_000),
        help_text=_("At least 100 kr. a year."),
    )
    accept = forms.BooleanField(
        label=_(
            "I have read the agreement and commit to paying the amount every year for at "
            "least 10 years."
        ),  # fmt: skip
        required=False,
    )

    provider = forms.ChoiceField(
        label=_("How do you want to pay each year?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how you want to pay."),
            "invalid_choice": _("Choose one of the ways to pay."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _provider_choices()
        if not choices:  # no way to pay is configured: the agreement is stored, unpaid
            del self.fields["provider"]
            return
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ChoiceField)  # noqa: S101 (narrows the type)
        provider.choices = choices
        if len(choices) == 1:
            provider.initial = choices[0][0]

    @property
    def yearly_amount_ore(self) -> int:
        return int(self.cleaned_data["yearly_amount"] * 100)

    @property
    def provider_code(self) -> str:
        return str(self.cleaned_data.get("provider") or "")


class ReportBuildForm(forms.Form):
    year = forms.IntegerField(label=_("Income year"), min_value=2000, max_value=2100)
    correction = forms.BooleanField(
        label=_("This is a correction of a report already submitted for the year"),
        required=False,
    )
