"""Forms for reporters and handlers. Text is kept as typed; it is stored encrypted and
escaped on output. Django refuses NUL characters in every CharField."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.core.forms import MultipleFileField
from socius.whistleblowing.models import Message

LONG = 20_000


def readable_text(value: str) -> None:
    """Invalid UTF-8 arrives as U+FFFD replacement characters: say so instead of storing them."""
    if "\ufffd" in value:
        raise forms.ValidationError(
            _("The text contains characters that could not be read. Type them again.")
        )


def _text(
    label: Any, help_text: Any = "", required: bool = True, max_length: int = LONG
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[readable_text],
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("How do you want to report?"),
        choices=[
            ("written", _("In writing, here")),
            ("oral", _("Orally, by phone or at a meeting")),
        ],
        widget=forms.RadioSelect,
        initial="written",
    )
    what = _text(_("What happened?"), _("Describe what you have seen or know about."))
    when = forms.CharField(
        label=_("When did it happen?"), max_length=500, required=False, validators=[readable_text]
    )
    where = forms.CharField(
        label=_("Where did it happen?"), max_length=500, required=False, validators=[readable_text]
    )
    who = _text(_("Who is involved?"), _("Names or roles of the people involved."), required=False)
    how_known = _text(
        _("How do you know?"), _("For example: you saw it, were told, or read it."), required=False
    )
    evidence = _text(
        _("Is there evidence?"),
        _("Describe documents or other evidence. You can attach files below."),
        required=False,
    )
    contact_wish = _text(
        _("For an oral report: when and how can we meet or call you?"),
        _("We only use it to arrange the meeting or the call."),
        required=False,
        max_length=2000,
    )
    recording_consent = forms.BooleanField(
        label=_("You may record the oral report (otherwise we write minutes)."), required=False
    )
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_("PDF, pictures, office documents, audio or text. At most 10 MB each."),
    )
    identity = _text(
        _("Your name and how to reach you"),
        _("Optional. Leave it empty to report anonymously. You can also give it later."),
        required=False,
        max_length=2000,
    )
    exclude = forms.MultipleChoiceField(
        label=_("Handlers who must not see your report"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose a handler if they are involved or close to the case."),
    )
    # A signed token (abuse.pow_issue); refused by the view when it is not ours.
    pow_challenge = forms.CharField(widget=forms.HiddenInput, max_length=300)
    pow_nonce = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exclude"].choices = [(str(h.pk), h.name or h.email) for h in handlers]  # type: ignore[attr-defined]
        if not handlers:
            del self.fields["exclude"]

    ORAL_FIELDS = ("contact_wish", "recording_consent")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "written":
            # Hidden from a written report (CSS, no JavaScript needed); a browser that shows
            # them anyway must not send a meeting wish with a written report.
            data["contact_wish"], data["recording_consent"] = "", False
        return data


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=_("Your receipt"),
        max_length=80,
        help_text=_("The 25 digits you got when you reported."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    # Each receipt check needs a fresh proof of work too (abuse.py).
    pow_challenge = forms.CharField(widget=forms.HiddenInput, max_length=300, required=False)
    pow_nonce = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)


class ReceiptConfirmForm(ReceiptForm):
    saved = forms.BooleanField(label=_("I have saved my receipt in a safe place."))


class ReporterMessageForm(forms.Form):
    body = _text(_("Your message"))


class ReporterFileForm(forms.Form):
    attachments = MultipleFileField(label=_("Files"))


class IdentityForm(forms.Form):
    identity = _text(_("Your name and how to reach you"), max_length=2000)


class MinutesAnswerForm(forms.Form):
    minutes = forms.UUIDField(widget=forms.HiddenInput)
    approve = forms.BooleanField(label=_("The minutes are correct"), required=False)
    comment = _text(_("Corrections or comments"), required=False)


class ExcludeForm(forms.Form):
    handler = forms.TypedChoiceField(label=_("Handler"), coerce=int)

    def __init__(self, *args: Any, handlers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [(h.pk, h.name or h.email) for h in handlers]  # type: ignore[attr-defined]


class PassphraseNewForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Passphrase"),
        min_length=12,
        max_length=500,
        widget=forms.PasswordInput,
        help_text=_("At least 12 characters. Several words are easy to remember."),
    )
    passphrase2 = forms.CharField(
        label=_("The passphrase again"), max_length=500, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase2"):
            self.add_error("passphrase2", _("The two passphrases differ."))
        return data


class UnlockForm(forms.Form):
    passphrase = forms.CharField(label=_("Passphrase"), max_length=500, widget=forms.PasswordInput)


class RecoverForm(forms.Form):
    recovery_key = forms.CharField(label=_("Recovery key"), max_length=200)
    new_passphrase = forms.CharField(
        label=_("New passphrase"), min_length=12, max_length=500, widget=forms.PasswordInput
    )


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput, max_length=40)
    message = _text(_("Message to the reporter"), required=False)
    reason = _text(_("Reason"), required=False, max_length=5000)


class HandlerMessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Message.Kind.choices, initial=Message.Kind.MESSAGE
    )
    body = _text(_("Text"))


class HandlerFileForm(forms.Form):
    attachments = MultipleFileField(label=_("Files"))


class IdentityRequestForm(forms.Form):
    legal_ground = _text(
        _("Legal ground for disclosure"),
        _("Which rule allows the disclosure, and why it is necessary."),
        max_length=5000,
    )


class HoldForm(forms.Form):
    reason = _text(
        _("Reason for the legal hold"),
        _("Leave empty to lift the hold."),
        required=False,
        max_length=2000,
    )


class KeyApproveForm(forms.Form):
    """Approve a colleague's key: the fingerprint the page showed comes back, so a key that
    changed in between is refused, and the approver confirms having compared it."""

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=80)
    matches = forms.BooleanField(
        label=_("The fingerprint matches what my colleague reads from their own key page"),
        error_messages={"required": _("Compare the fingerprint and tick the box first.")},
    )
