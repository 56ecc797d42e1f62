"""Forms of the treasurer's pages. Amounts are typed in kroner (core.money) and kept in øre."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.money import DanishAmountField
from socius.support.treasury.camt import MAX_BYTES
from socius.support.treasury.models import Spending

MAX_PERIOD_DAYS = 2 * 366


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (camt.053 XML file)"),
        help_text=_("The XML file from your online bank, at most 5 MB. Zip files are refused."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)s MB."),
                params={"limit": MAX_BYTES // (1024 * 1024)},
            )
        return upload


class LineMatchForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=40,
        help_text=_("The reference of the payment this transfer pays, for example ST-7KQ4MX9A."),
    )


class LineIgnoreForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the line ignored?"),
        max_length=300,
        help_text=_("For example: a transfer between our own accounts."),
    )


class SpendingForm(forms.Form):
    spent_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount = DanishAmountField(label=_("Amount"), min_value=Decimal("0.01"))
    category = forms.ChoiceField(label=_("Category"), choices=Spending.Category.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea
    )
    link_kind = forms.ChoiceField(
        label=_("What did it pay for?"), choices=Spending.LinkKind.choices, required=False
    )
    link_target = forms.CharField(
        label=_("Address or slug of the page"),
        max_length=200,
        required=False,
        help_text=_(
            "A publication's or event's slug, an atlas indicator's code, "
            "or a path on this site such as /viden/."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("link_kind") and not data.get("link_target"):
            self.add_error("link_target", _("Give the address or slug of the page."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["amount_ore"] = int(data.pop("amount") * 100)
        return data

    @classmethod
    def initial_for(cls, spending: Spending) -> dict[str, Any]:
        return {
            "spent_on": spending.spent_on,
            "amount": Decimal(spending.amount_ore) / 100,
            "category": spending.category,
            "title": spending.title,
            "description": spending.description,
            "link_kind": spending.link_kind,
            "link_target": spending.link_target,
        }


class PeriodForm(forms.Form):
    """?fra=YYYY-MM-DD&til=YYYY-MM-DD for the bookkeeping export."""

    fra = forms.DateField(label=_("From"), input_formats=["%Y-%m-%d"])
    til = forms.DateField(label=_("To"), input_formats=["%Y-%m-%d"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("fra"), data.get("til")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if end < start:
                raise forms.ValidationError(_("The period must end on or after its first day."))
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("The period can be at most 2 years."))
        return data
