from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from socius.core.models import Municipality, Organisation, Theme
from socius.core.money import DanishAmountField, format_danish_amount
from socius.grants.gates import GATES
from socius.grants.models import Aggregation, Application, FormField, Pool

MAX_AMOUNT = Decimal(1_000_000_000)


class PoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=200, required=False, initial="Serviceloven § 18"
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"), required=False
    )
    requires_cvr = forms.BooleanField(label=_("Applicants must have a CVR number"), required=False)
    gates = forms.MultipleChoiceField(
        label=_("Conditions"),
        choices=[(code, gate.label) for code, gate in GATES.items()],
        initial=list(GATES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    target_groups = forms.CharField(
        label=_("Target groups in scope (one per line; leave empty to let staff judge)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_target_groups(self) -> list[str]:
        return [ln.strip() for ln in self.cleaned_data["target_groups"].splitlines() if ln.strip()]


class RoundForm(forms.Form):
    pool = forms.ModelChoiceField(label=_("Fund"), queryset=Pool.objects.all())
    name = forms.CharField(label=_("Name"), max_length=200)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    budget = DanishAmountField(label=_("Budget"), min_value=Decimal(1), max_value=MAX_AMOUNT)
    cap_per_organisation = DanishAmountField(
        label=_("Most one organisation can get"),
        required=False,
        min_value=Decimal(1),
        max_value=MAX_AMOUNT,
    )
    score_floor = forms.DecimalField(
        label=_("Lowest score that can be funded"), min_value=0, max_value=5, initial=Decimal("1.5")
    )
    aggregation = forms.ChoiceField(label=_("Score across reviewers"), choices=Aggregation.choices)
    dispute_threshold = forms.DecimalField(
        label=_("Flag disagreement above (standard deviation)"),
        min_value=0,
        max_value=5,
        initial=Decimal(1),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The round must close after it opens."))
        return data


class CriterionForm(forms.Form):
    key = forms.SlugField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Criterion"), max_length=200)
    weight_percent = forms.DecimalField(
        label=_("Weight (%)"), min_value=Decimal("0.01"), max_value=100, decimal_places=2
    )
    anchors = forms.CharField(
        label=_("What each score from 0 to 5 means (one line each)"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean_anchors(self) -> list[str]:
        lines = [ln.strip() for ln in self.cleaned_data["anchors"].splitlines() if ln.strip()]
        if len(lines) != 6:
            raise forms.ValidationError(_("Write six lines: one for each score from 0 to 5."))
        return lines


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0)


class ThemeMinimumForm(forms.Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True))
    share_percent = forms.DecimalField(
        label=_("Minimum share of the budget (%)"), min_value=0, max_value=100, decimal_places=2
    )


class FormFieldForm(forms.ModelForm[FormField]):
    class Meta:
        model = FormField
        fields = ["label", "help_text", "kind", "required", "position"]


class ApplicationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Title of the activity"), max_length=200)
    summary = forms.CharField(
        label=_("What you will do"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    theme = forms.ModelChoiceField(
        label=_("Main theme"), queryset=Theme.objects.filter(is_active=True)
    )
    target_group = forms.CharField(label=_("Target group"), max_length=200)
    participants = forms.IntegerField(
        label=_("People you expect to reach"), min_value=0, max_value=10_000_000
    )
    volunteers = forms.IntegerField(
        label=_("Volunteers taking part"), min_value=0, max_value=1_000_000
    )
    board_unpaid = forms.BooleanField(label=_("Our board is unpaid"), required=False)
    amount_requested = DanishAmountField(
        label=_("Amount applied for"), min_value=Decimal(1), max_value=MAX_AMOUNT
    )
    minimum_amount = DanishAmountField(
        label=_("Smallest amount that makes the activity possible"),
        min_value=Decimal(1),
        max_value=MAX_AMOUNT,
    )

    def __init__(
        self, *args: Any, organisations: Any, form_fields: list[FormField], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if "organisation" not in self.initial and len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk  # most people act for one
        self.question_keys = []
        for field in form_fields:
            name = f"q_{field.key}"
            self.question_keys.append((name, field.key))
            self.fields[name] = _question_field(field)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_amount"), data.get("amount_requested")
        if low is not None and high is not None and low > high:
            self.add_error(
                "minimum_amount",
                _("The smallest amount cannot be more than the amount applied for."),
            )
        return data

    def answers(self) -> dict[str, Any]:
        return {key: self.cleaned_data.get(name) for name, key in self.question_keys}


def _question_field(field: FormField) -> forms.Field:
    common: dict[str, Any] = {
        "label": field.label,
        "help_text": field.help_text,
        "required": field.required,
    }
    if field.kind == FormField.Kind.TEXT:
        return forms.CharField(max_length=300, **common)
    if field.kind == FormField.Kind.NUMBER:
        return forms.IntegerField(min_value=0, max_value=10**9, **common)
    if field.kind == FormField.Kind.YESNO:
        return forms.TypedChoiceField(
            choices=[("ja", _("Yes")), ("nej", _("No"))], widget=forms.RadioSelect, **common
        )
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class BudgetLineForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=200)
    amount = DanishAmountField(label=_("Amount"), min_value=Decimal("0.01"), max_value=MAX_AMOUNT)


def lines_from(formset: Any) -> list[dict[str, str]]:
    """The filled lines of a budget or spending formset, as stored on the application."""
    return [
        {"activity": f.cleaned_data["activity"], "amount": str(f.cleaned_data["amount"])}
        for f in formset.forms
        if f.cleaned_data
    ]


class LinesFormSet(forms.BaseFormSet):
    """Budget or spending lines, added and removed with buttons that work without JavaScript
    (``lines_edited``). Every line may be left empty and is then ignored, so a line added
    and not used does not block saving a draft. No line counts as "initial": the posted
    lines are all validated alike, and unchanged lines are never dropped."""

    def initial_form_count(self) -> int:
        return 0

    def total_form_count(self) -> int:
        if self.is_bound:
            return super().total_form_count()
        return min(max(len(self.initial or []), 1) + self.extra, self.max_num)


BudgetFormSet = forms.formset_factory(
    BudgetLineForm, formset=LinesFormSet, extra=0, max_num=30, validate_max=True
)
SpendingFormSet = forms.formset_factory(
    BudgetLineForm, formset=LinesFormSet, extra=0, max_num=60, validate_max=True
)


def lines_initial(items: list[dict[str, str]] | None) -> list[dict[str, str]] | None:
    """Stored lines as the form shows them: amounts the Danish way ("10.000 kr."), which the
    amount field reads back; the stored "10000.00" would be refused as a Danish amount."""
    if not items:
        return None
    return [
        {"activity": line["activity"], "amount": format_danish_amount(Decimal(line["amount"]))}
        for line in items
    ]


def lines_edited(data: Any, prefix: str, max_num: int) -> list[dict[str, str]] | None:
    """The lines as typed, with one added or one removed, when the person pressed "Add a
    line" or "Remove" (then nothing is saved); None for an ordinary submit."""
    add, remove = f"{prefix}-add" in data, data.get(f"{prefix}-remove")
    if not add and remove is None:
        return None
    try:
        total = max(0, min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), max_num))
    except ValueError:
        total = 0
    lines = [
        {
            "activity": str(data.get(f"{prefix}-{i}-activity", ""))[:200],
            "amount": str(data.get(f"{prefix}-{i}-amount", ""))[:40],
        }
        for i in range(total)
    ]
    if remove is not None and str(remove).isdigit() and int(remove) < len(lines):
        del lines[int(remove)]
    if add and len(lines) < max_num:
        lines.append({"activity": "", "amount": ""})
    return lines


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [(str(i), f"{i}: {anchor}") for i, anchor in enumerate(criterion.anchors)]
            choices.append(("na", str(_("Not applicable"))))
            self.fields[f"c_{criterion.key}"] = forms.ChoiceField(
                label=f"{criterion.name} ({criterion.weight * 100:.0f} %)",
                choices=choices,
                widget=forms.RadioSelect,
            )
        self.order_fields([f"c_{c.key}" for c in criteria] + ["comment"])

    def scores(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for criterion in self.criteria:
            raw = self.cleaned_data[f"c_{criterion.key}"]
            out[criterion.key] = None if raw == "na" else int(raw)
        return out


class GateForm(forms.Form):
    gate = forms.CharField(widget=forms.HiddenInput, max_length=40)
    passed = forms.TypedChoiceField(
        label=_("Is the condition met?"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssignForm(forms.Form):
    reviewer = forms.EmailField(label=_("Reviewer's e-mail address"))

    def clean_reviewer(self) -> Any:
        user = (
            get_user_model()
            .objects.filter(email__iexact=self.cleaned_data["reviewer"], is_active=True)
            .first()
        )
        if user is None:
            raise forms.ValidationError(_("Nobody with that e-mail address has an account."))
        return user


class LockForm(forms.Form):
    amount = DanishAmountField(
        label=_("Lock the amount at"), required=False, min_value=Decimal(0), max_value=MAX_AMOUNT
    )


class ConflictForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    reason = forms.CharField(label=_("What is the conflict of interest?"), max_length=500)


class DecisionForm(forms.Form):
    body = forms.CharField(label=_("Decided by (committee)"), max_length=200)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes_url = forms.URLField(label=_("Link to the minutes"), required=False)


class ReportForm(forms.Form):
    activities = forms.CharField(
        label=_("What you did"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    people_reached = forms.IntegerField(
        label=_("People reached"), min_value=0, max_value=10_000_000
    )
    auditor_name = forms.CharField(
        label=_("Auditor who signed the accounts"), max_length=200, required=False
    )


def application_initial(app: Application) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organisation": app.organisation_id,
        "title": app.title,
        "summary": app.summary,
        "theme": app.theme_id,
        "target_group": app.target_group,
        "participants": app.participants,
        "volunteers": app.volunteers,
        "board_unpaid": app.board_unpaid,
        "amount_requested": app.amount_requested,
        "minimum_amount": app.minimum_amount,
    }
    data.update({f"q_{k}": v for k, v in (app.answers or {}).items()})
    return data
