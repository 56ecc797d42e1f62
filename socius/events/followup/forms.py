"""Forms after the event. Limits match the models; the services clean the text again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from socius.events.followup.models import (
    ANSWER_TEXT_MAX,
    MINUTES_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    SurveyAnswer,
)


class SlidesForm(forms.Form):
    prefix = "slides"
    title = forms.CharField(label=_("Title of the slides"), max_length=TITLE_MAX)
    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("A PDF file of at most %(mb)d MB.") % {
            "mb": settings.MAX_UPLOAD_MB
        }


class RecordingForm(forms.Form):
    prefix = "recording"
    title = forms.CharField(label=_("Title of the recording"), max_length=TITLE_MAX)
    url = forms.CharField(
        label=_("Link to the recording"),
        max_length=500,
        help_text=_("The address starts with https://."),
        widget=forms.URLInput,
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if not url.lower().startswith("https://"):
            raise forms.ValidationError(_("Give a link that starts with https://."))
        return url


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        max_length=MINUTES_MAX,
        help_text=_("Plain text. Leave a blank line between paragraphs."),
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    summary = forms.CharField(
        label=_("Summary in plain language"),
        max_length=SUMMARY_MAX,
        help_text=_("Short sentences and short words. Aim for a LIX under 35."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SurveyForm(forms.Form):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the event for you?"),
        help_text=_("1 is not useful, 5 is very useful."),
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    come_again = forms.ChoiceField(
        label=_("Would you come to an event like this again?"),
        choices=SurveyAnswer.Again.choices,
        widget=forms.RadioSelect,
    )
    differently = forms.CharField(
        label=_("What should we do differently?"),
        help_text=_("Do not write names or other personal details."),
        required=False,
        max_length=ANSWER_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
