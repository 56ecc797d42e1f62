"""Forms for joining, giving, campaigns and the newsletter. They check the shape of the input;
the services decide, and their refusals are shown on the same form with what was typed kept.
Amounts are typed in kroner (core.money.DanishAmountField) and stored in whole øre."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.money import DanishAmountField, format_danish_amount, parse_danish_amount
from socius.support.models import Campaign, Gift, MembershipTier, NewsletterIssue
from socius.support.payments.models import Provider
from socius.support.services import MAX_GIFT_ORE, MIN_GIFT_ORE


def ore(amount: Decimal) -> int:
    """Kroner (at most 2 decimals, as the field cleans them) to whole øre."""
    return int((amount * 100).to_integral_value())


def _provider_choices() -> list[tuple[str, str]]:
    from socius.support.payments.providers import providers_enabled

    labels = dict(Provider.choices)
    return [(code, str(labels.get(code, code))) for code in providers_enabled()]


class _PayForm(forms.Form):
    provider = forms.ChoiceField(label=_("How do you want to pay?"), widget=forms.RadioSelect)
    form_key = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ChoiceField)  # noqa: S101 (narrows the type)
        provider.choices = _provider_choices()
        if len(provider.choices) == 1:
            provider.initial = provider.choices[0][0]


class _WhoForm(_PayForm):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        help_text=_("We send the receipt here."),
    )  # fmt: skip


class MembershipForm(_WhoForm):
    tier = forms.ModelChoiceField(
        label=_("Membership"), queryset=MembershipTier.objects.none(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"invalid_choice": _("Choose one of the memberships offered.")},
    )  # fmt: skip
    auto_renew = forms.BooleanField(
        label=_("Renew my membership automatically every year"), required=False,
        help_text=_("You can stop it at any time on your own page."),
    )  # fmt: skip

    def __init__(self, *args: Any, tiers: Any, organisations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tier = self.fields["tier"]
        assert isinstance(tier, forms.ModelChoiceField)  # noqa: S101
        tier.queryset = tiers
        tier.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.name}: {format_danish_amount(Decimal(obj.yearly_fee_ore) / 100)}"
        )
        if organisations:
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Join as"), coerce=int, empty_value=None, required=False,
                choices=[("", _("Myself"))] + [(o.pk, o.name) for o in organisations],
                help_text=_("An organisation you act for can join with an organisation membership."),
            )  # fmt: skip


class GiftForm(_WhoForm):
    amount_choice = forms.ChoiceField(label=_("Amount"), widget=forms.RadioSelect, required=False)
    amount = DanishAmountField(
        label=_("Another amount"), required=False,
        min_value=Decimal(MIN_GIFT_ORE) / 100, max_value=Decimal(MAX_GIFT_ORE) / 100,
        help_text=_("In kroner, for example 250 or 1.000,50."),
    )  # fmt: skip
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Gift.Frequency.choices, widget=forms.RadioSelect,
        initial=Gift.Frequency.ONCE,
    )  # fmt: skip
    deductible = forms.BooleanField(
        label=_("I want the tax deduction for my gift"), required=False,
        help_text=_("We then report the gift to the tax authority. We ask for your CPR number after the payment."),
    )  # fmt: skip
    campaign = forms.CharField(widget=forms.HiddenInput, required=False, max_length=120)

    def __init__(self, *args: Any, suggested: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice = self.fields["amount_choice"]
        assert isinstance(choice, forms.ChoiceField)  # noqa: S101
        choice.choices = [(str(a), format_danish_amount(Decimal(a) / 100)) for a in suggested] + [
            ("other", _("Another amount"))
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("amount_choice")
        if "amount" in self.errors:
            return data
        if choice and choice != "other":
            try:
                value = int(choice)
            except ValueError:
                value = 0
            if not MIN_GIFT_ORE <= value <= MAX_GIFT_ORE:
                self.add_error("amount_choice", _("Choose one of the amounts or write another."))
            data["amount_ore"] = value
        elif data.get("amount") is not None:
            data["amount_ore"] = ore(data["amount"])
        else:
            self.add_error("amount", _("Write the amount you want to give."))
        return data


def _amounts_text(amounts: list[int]) -> str:
    return "; ".join(format_danish_amount(Decimal(a) / 100).removesuffix(" kr.") for a in amounts)


class CampaignForm(forms.ModelForm):
    goal = DanishAmountField(label=_("Goal"), min_value=1, max_value=100_000_000)
    suggested = forms.CharField(
        label=_("Suggested amounts"), max_length=200, required=False,
        help_text=_("In kroner, separated by semicolons, for example 100; 250; 500."),
    )  # fmt: skip

    class Meta:
        model = Campaign
        fields = [
            "title", "slug", "summary", "description", "status", "starts_on", "ends_on",
            "permission_number", "permission_valid_until", "accounts_due_on",
            "accounts_submitted_on",
        ]  # fmt: skip
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("starts_on", "ends_on", "permission_valid_until", "accounts_due_on",
                      "accounts_submitted_on")
        }  # fmt: skip
        help_texts = {
            "permission_number": _("Required before the campaign is published (indsamlingsloven)."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["goal"] = Decimal(self.instance.goal_ore) / 100
            self.initial["suggested"] = _amounts_text(self.instance.suggested_amounts_ore)

    def clean_suggested(self) -> list[int]:
        amounts: list[int] = []
        for part in (self.cleaned_data.get("suggested") or "").split(";"):
            if not part.strip():
                continue
            try:
                value = ore(parse_danish_amount(part))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Write each amount in kroner, separated by semicolons.")
                ) from exc
            if not MIN_GIFT_ORE <= value <= MAX_GIFT_ORE:
                raise forms.ValidationError(
                    _("Each amount must be between 10 kr. and 1.000.000 kr.")
                )
            amounts.append(value)
        if len(amounts) > 6:
            raise forms.ValidationError(_("At most six suggested amounts."))
        return amounts

    def _post_clean(self) -> None:
        if self.cleaned_data.get("goal") is not None:
            self.instance.goal_ore = ore(self.cleaned_data["goal"])
        if "suggested" in self.cleaned_data:
            self.instance.suggested_amounts_ore = self.cleaned_data["suggested"]
        super()._post_clean()  # type: ignore[misc]


class NewsletterForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


class TierForm(forms.ModelForm):
    yearly_fee = DanishAmountField(
        label=_("Yearly fee"), min_value=1, max_value=1_000_000,
        help_text=_("In kroner, for example 300 or 1.000,50."),
    )  # fmt: skip
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea
    )
    position = forms.IntegerField(
        label=_("Position"), min_value=0, max_value=999, initial=0,
        help_text=_("Tiers are shown in this order, lowest first."),
    )  # fmt: skip

    class Meta:
        model = MembershipTier
        fields = ["name", "slug", "description", "for_kind", "active", "position"]
        help_texts = {
            "slug": _("Lower-case letters, digits and hyphens, for example personligt."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["yearly_fee"] = Decimal(self.instance.yearly_fee_ore) / 100

    def _post_clean(self) -> None:
        if self.cleaned_data.get("yearly_fee") is not None:
            self.instance.yearly_fee_ore = ore(self.cleaned_data["yearly_fee"])
        super()._post_clean()  # type: ignore[misc]


class NewsletterIssueForm(forms.ModelForm):
    class Meta:
        model = NewsletterIssue
        fields = ["subject", "body", "language"]
        widgets = {"language": forms.RadioSelect, "body": forms.Textarea(attrs={"rows": 14})}
        help_texts = {
            "body": _("Plain text. Each subscriber gets it with a link to unsubscribe."),
            "language": _(
                "Sent to the subscribers who chose this language; both languages go to everyone."
            ),
        }
