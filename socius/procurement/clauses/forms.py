"""Forms of the clause library and the follow-up. The services check everything again."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from socius.core.forms import MultipleFileField, MultipleFileInput
from socius.core.money import DanishAmountField
from socius.procurement.clauses.models import Category, ClauseVersion, Obligation

ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.odt,.ods"
TEXT_MAX = 4000


class CategoryForm(forms.Form):
    """Which kind of clause to add (GET; the next page asks for its parameters)."""

    kategori = forms.ChoiceField(label=_("Kind of clause"), choices=Category.choices)


class ClauseVersionForm(forms.Form):
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    source_url = forms.URLField(label=_("Link to the source"), max_length=500, required=False)
    text = forms.CharField(
        label=_("Clause text (Danish)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    follow_up = forms.CharField(
        label=_("How it is followed up"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    report_every_months = forms.IntegerField(
        label=_("Report every (months)"), min_value=1, max_value=24
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    parameters = forms.CharField(
        label=_("Parameters (JSON)"),
        max_length=5000,
        required=False,
        help_text=_("Leave as it is to keep the parameters of the previous version."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_parameters(self) -> Any:
        text = self.cleaned_data["parameters"].strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("The parameters are not valid JSON.")) from None


class ContractClauseForm(forms.Form):
    """The parameters of one clause version, drawn from its definitions."""

    sanctions_agreed = forms.BooleanField(
        label=_("The contract allows sanctions (for example a penalty) for this clause"),
        required=False,
    )
    sanction_terms = forms.CharField(
        label=_("The sanctions the contract allows"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, version: ClauseVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        parameter_fields: dict[str, forms.Field] = {}
        for definition in version.parameters:
            unit = definition.get("unit") or ""
            field = forms.CharField(
                label=definition["label"],
                max_length=200,
                required=bool(definition.get("required")),
                help_text=unit,
            )
            if definition["kind"] != "text":
                field.widget.attrs["inputmode"] = "decimal"
            parameter_fields["p_" + definition["key"]] = field
        self.fields = {**parameter_fields, **self.fields}

    def parameter_values(self) -> dict[str, str]:
        return {
            key[2:]: value
            for key, value in self.cleaned_data.items()
            if key.startswith("p_") and value not in (None, "")
        }


class ReportForm(forms.Form):
    """A supplier's report for one period: only the numbers the period asks for."""

    trainees = forms.IntegerField(
        label=_("Number of people in training (apprentices, trainees) on the contract"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    employed = forms.IntegerField(
        label=_("Number of people employed from outside the labour market"),
        min_value=0,
        max_value=100_000,
        required=False,
    )
    share_percent = forms.IntegerField(
        label=_("Share in per cent"), min_value=0, max_value=100, required=False
    )
    conditions_met = forms.TypedChoiceField(
        label=_("Were pay and conditions at least those of the agreement?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        help_text=_("Numbers only: never write names or CPR numbers."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Evidence"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, obligation: Obligation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        if obligation.target_trainees is None:
            del self.fields["trainees"]
        else:
            self.fields["trainees"].required = True
        if obligation.target_employed is None:
            del self.fields["employed"]
        else:
            self.fields["employed"].required = True
        if obligation.target_share_percent is None:
            del self.fields["share_percent"]
        else:
            self.fields["share_percent"].required = True
        if not obligation.requires_conditions:
            del self.fields["conditions_met"]
        else:
            self.fields["conditions_met"].required = True
        self.fields["files"].help_text = _(
            "Up to 5 files: PDF, PNG, JPEG or office documents, at most %(mb)d MB each. "
            "Black out names and CPR numbers first."
        ) % {"mb": settings.MAX_UPLOAD_MB}

    def counts(self) -> dict[str, Any]:
        keys = ("trainees", "employed", "share_percent", "conditions_met")
        return {k: self.cleaned_data.get(k) for k in keys if k in self.fields}


class NonConformityForm(forms.Form):
    finding = forms.CharField(
        label=_("What does not meet the clause"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remedy = forms.CharField(
        label=_("What the supplier must do (remedy)"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remedy_due_on = forms.DateField(
        label=_("Deadline for the remedy"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sanction = DanishAmountField(
        label=_("Sanction (amount)"), required=False, min_value=0, max_value=100_000_000
    )
    sanction_note = forms.CharField(
        label=_("Sanction (description)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, sanctions_agreed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not sanctions_agreed:
            del self.fields["sanction"]
            del self.fields["sanction_note"]

    def sanction_ore(self) -> int | None:
        amount = self.cleaned_data.get("sanction")
        return None if amount is None else int(Decimal(amount) * 100)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
