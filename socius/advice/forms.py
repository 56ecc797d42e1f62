from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from socius.advice.deadlines import DeadlineStatus
from socius.advice.models import Community, FollowUp, Outcome, Size, Want
from socius.advice.services import FIELDS
from socius.advice.workflows import RequestState
from socius.core.models import Municipality, Organisation, Theme
from socius.core.widgets import FastSelect

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from socius.accounts.models import User


class CommunityForm(forms.ModelForm[Community]):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Community
        fields = ["organisation", *FIELDS]
        widgets = {"municipality": FastSelect}

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organisation"]
            self.fields["themes"].initial = list(self.instance.themes.all())
        elif len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk


class CommunityFilterForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("All municipalities"),
        to_field_name="code",
        widget=FastSelect,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("All themes"),
        to_field_name="slug",
    )


class AdviceRequestForm(forms.Form):
    """What an organisation asks for help with (both steps of the two-step form)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(
        label=_("Short heading"),
        max_length=160,
        help_text=_("For example: We want to start a walking group for lonely seniors."),
    )
    wants = forms.MultipleChoiceField(
        label=_("What do you want help with?"),
        choices=Want.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_group = forms.CharField(
        label=_("Who is it for?"),
        max_length=200,
        help_text=_("For example: seniors who live alone in Hasle."),
    )
    size = forms.ChoiceField(
        label=_("How many people are or will be part of it?"), choices=Size.choices
    )
    description = forms.CharField(
        label=_("Describe your situation and your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.initial["organisation"] = organisations[0].pk


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only advisors see notes. The organisation never does."),
    )


class AssignForm(forms.Form):
    advisor: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Give the request to"), queryset=get_user_model().objects.none()
    )

    def __init__(self, *args: Any, advisors: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    people_reached = forms.IntegerField(
        label=_("People reached"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("About how many people take part in the community now."),
    )
    what_helped = forms.CharField(
        label=_("What helped?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open")), ("all", _("All")), *RequestState.choices],
    )
    assigned = forms.ChoiceField(
        label=_("Advisor"),
        required=False,
        choices=[("", _("Everyone")), ("me", _("Mine")), ("none", _("Not assigned"))],
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("All themes"),
        to_field_name="slug",
    )
    want = forms.ChoiceField(
        label=_("Help with"), required=False, choices=[("", _("Anything")), *Want.choices]
    )
    flag = forms.ChoiceField(
        label=_("First-answer deadline"),
        required=False,
        choices=[
            ("", _("Any")),
            (DeadlineStatus.OVERDUE, DeadlineStatus.OVERDUE.label),
            (DeadlineStatus.AT_RISK, DeadlineStatus.AT_RISK.label),
            (DeadlineStatus.OK, DeadlineStatus.OK.label),
        ],
    )


class GuideDraftForm(forms.Form):
    title = forms.CharField(label=_("Title of the guide"), max_length=200)
    summary = forms.CharField(
        label=_("Short summary"), max_length=600, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "We have removed the personal data we could find. Read the text and remove anything else that could tell who asked."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class FollowUpForm(forms.Form):
    community_status = forms.ChoiceField(
        label=_("How is the community doing?"),
        choices=FollowUp.Status.choices,
        widget=forms.RadioSelect,
    )
    people_reached = forms.IntegerField(
        label=_("How many people take part?"), required=False, min_value=0, max_value=1_000_000
    )
    advice_helped = forms.TypedChoiceField(
        label=_("Did the advice help you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
