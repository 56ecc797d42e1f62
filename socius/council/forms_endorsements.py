"""Forms of cross-party support: the reason for an endorsement."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.council.services_endorsements import REASON_MAX, reason_clean


class EndorsementForm(forms.Form):
    """Only the reason: who endorses and for which party come from the login, never the form."""

    reason = forms.CharField(
        label=_("Why do you support it?"),
        help_text=_("A short reason in plain text, at most 500 characters. It is shown publicly."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
        error_messages={
            "required": _("Write a short reason for your support."),
            "max_length": _("Write at most 500 characters."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "endorse")
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        try:
            return reason_clean(self.cleaned_data["reason"])
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["reason"]) from exc
