"""Forms of the contracts part: clear, translated errors; what was typed is kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.money import DanishAmountField
from socius.core.validators import cvr_is_valid, normalise_cvr
from socius.procurement.cpv import CpvCodeField
from socius.procurement.imports import months_between
from socius.procurement.models import Contract, Department

MAX_VALUE = Decimal(10_000_000_000)


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class ContractForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=64)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea
    )
    department = forms.ModelChoiceField(
        label=_("Buying department"), queryset=Department.objects.none()
    )
    cpv_code = CpvCodeField(label=_("CPV code"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Contract.Kind.choices)
    estimated_value = DanishAmountField(
        label=_("Estimated value"), min_value=0, max_value=MAX_VALUE
    )
    performed_in_denmark = forms.BooleanField(
        label=_("Performed in Denmark"), required=False, initial=True
    )
    duration_months = forms.IntegerField(label=_("Duration in months"), min_value=1, max_value=600)
    starts_on = forms.DateField(
        label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Contract.Procedure.choices)
    status = forms.ChoiceField(label=_("Status"), choices=Contract.Status.choices)
    awarded_on = forms.DateField(
        label=_("Award date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The rules in force on this day apply; without it, today's."),
    )
    supplier_cvr = forms.CharField(label=_("Supplier's CVR number"), max_length=20, required=False)
    supplier_name = forms.CharField(
        label=_("Supplier's name"),
        max_length=200,
        required=False,
        help_text=_("Only needed when the platform does not know the CVR number yet."),
    )

    def __init__(self, *args: Any, space: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.space = space
        self.fields["department"].queryset = Department.objects.filter(space=space)  # type: ignore[attr-defined]

    def clean_supplier_cvr(self) -> str:
        cvr = normalise_cvr(self.cleaned_data.get("supplier_cvr") or "")
        if cvr and not cvr_is_valid(cvr):
            raise forms.ValidationError(_("The CVR number is not valid."))
        return cvr

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The contract cannot end before it starts."))
        months = data.get("duration_months")
        # As the import: a month's slack for how people count (1 Jan to 31 Dec is 12).
        if (
            starts is not None
            and ends is not None
            and months
            and ends >= starts
            and abs(months_between(starts, ends) - months) > 1
        ):
            self.add_error(
                "duration_months",
                _("The duration of %(months)s months does not match the dates.")
                % {"months": months},
            )
        cvr = data.get("supplier_cvr")
        if cvr and not (data.get("supplier_name") or "").strip():
            from socius.core.models import Organisation

            if not Organisation.objects.filter(cvr=cvr).exists():
                self.add_error(
                    "supplier_name",
                    _(
                        "The platform does not know this CVR number yet. Write the "
                        "supplier's name, and the supplier is added."
                    ),
                )
        return data

    def contract_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "reference": data["reference"].strip(),
            "title": data["title"].strip(),
            "description": data["description"],
            "department": data["department"],
            "cpv_code": data["cpv_code"],
            "kind": data["kind"],
            "estimated_value_ore": int(data["estimated_value"] * 100),
            "performed_in_denmark": data["performed_in_denmark"],
            "duration_months": data["duration_months"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "procedure": data["procedure"],
            "status": data["status"],
            "awarded_on": data["awarded_on"],
            "supplier_cvr": data["supplier_cvr"],
            "supplier_name": (data["supplier_name"] or "").strip(),
        }


class ContractFilterForm(forms.Form):
    text = forms.CharField(label=_("Search"), max_length=100, required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(Contract.Status.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + list(Contract.Kind.choices)
    )
    clause_required = forms.BooleanField(
        label=_("Only contracts that must have a clause"), required=False
    )

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All"))] + [(d.slug, d.name) for d in departments]
        self.fields["department"].choices = choices  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8 or Windows-1252, at most 2 MB."))
