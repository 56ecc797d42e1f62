"""Forms of the procurement rules: "follow or explain", a new rule version, a new threshold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.money import DanishAmountField
from socius.procurement.rules.models import ClauseDecision, EuThreshold, ReasonKind, Rule

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ClauseDecision.Decision.choices, widget=forms.RadioSelect
    )
    reason_kind = forms.ChoiceField(
        label=_("Why is the clause left out?"),
        choices=ReasonKind.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Only when the clause is left out."),
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Write in plain words what makes the clause impossible or unsuitable. "
                    "The explanation is kept with the contract."),
    )  # fmt: skip

    def __init__(self, *args: Any, rule: Rule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(rule.explain_reasons)
        self.fields["reason_kind"].choices = [c for c in ReasonKind.choices if c[0] in allowed]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == ClauseDecision.Decision.EXPLAIN and not data.get("reason_kind"):
            self.add_error("reason_kind", _("Choose why the clause is left out."))
        return data


class RuleVersionForm(forms.Form):
    """A new version of a rule: its texts, when it starts and the limits of its conditions."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    source_url = forms.URLField(label=_("Source address"), max_length=300, assume_scheme="https")
    valid_from = forms.DateField(label=_("Valid from"), widget=_DATE)
    valid_to = forms.DateField(
        label=_("Valid to"), widget=_DATE, required=False,
        help_text=_("Leave empty while the rule applies."),
    )  # fmt: skip

    def __init__(self, *args: Any, rule: Rule, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule = rule
        for index, condition in enumerate(rule.conditions):
            if condition["op"] != "gte":
                continue
            if condition["fact"] == "duration_months":
                self.fields[f"limit_{index}"] = forms.IntegerField(
                    label=_("Shortest duration caught (months)"), min_value=1, max_value=600,
                    initial=condition["value"],
                )  # fmt: skip
            elif condition["fact"] == "estimated_value_ore":
                self.fields[f"limit_{index}"] = DanishAmountField(
                    label=_("Lowest value caught"), min_value=1,
                    max_value=10_000_000_000, initial=condition["value"] // 100,
                )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date must be on or after the start date."))
        return data

    def changes(self) -> dict[str, Any]:
        """The cleaned fields as the service takes them, with the conditions' new limits."""
        data = dict(self.cleaned_data)
        conditions = []
        for index, condition in enumerate(self.rule.conditions):
            limit = data.pop(f"limit_{index}", None)
            if limit is None:
                conditions.append(dict(condition))
            elif condition["fact"] == "estimated_value_ore":
                conditions.append({**condition, "value": int(Decimal(limit) * 100)})
            else:
                conditions.append({**condition, "value": int(limit)})
        data["conditions"] = conditions
        return data


class ThresholdForm(forms.Form):
    applies_to = forms.ChoiceField(label=_("Applies to"), choices=EuThreshold.AppliesTo.choices)
    amount = DanishAmountField(
        label=_("Threshold in kroner"), min_value=1, max_value=10_000_000_000
    )
    amount_eur = forms.IntegerField(
        label=_("Threshold in euro"), min_value=1, max_value=10_000_000_000,
        help_text=_("Whole euro, as in the delegated regulation."),
    )  # fmt: skip
    valid_from = forms.DateField(label=_("Valid from"), widget=_DATE)
    valid_to = forms.DateField(label=_("Valid to"), widget=_DATE)
    eu_source = forms.CharField(
        label=_("EU source"), max_length=300,
        help_text=_("The Commission's delegated regulation, for example (EU) 2025/2152."),
    )  # fmt: skip
    dk_source = forms.CharField(
        label=_("Danish source"), max_length=300,
        help_text=_("The Commission's communication of the values in kroner, or the Danish "
                    "announcement."),
    )  # fmt: skip
    source_url = forms.URLField(label=_("Source address"), max_length=300, assume_scheme="https")
    figure_verified = forms.BooleanField(
        label=_("The figure in kroner is checked against the source"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date must be on or after the start date."))
        amount = data.get("amount")
        if amount is not None and amount != amount.to_integral_value():
            # Thresholds are whole kroner; øre would be a typing mistake.
            self.add_error("amount", _("Enter the threshold in whole kroner."))
        return data

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount_ore"] = int(data.pop("amount") * 100)
        return data
