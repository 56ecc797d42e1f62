from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socius.events.checkin.tickets import MAX_INPUT_LENGTH


class CodeForm(forms.Form):
    """The code typed at the door (the page works without scripts through this form)."""

    code = forms.CharField(
        label=_("Code from the ticket"),
        help_text=_(
            "The short code (10 letters and digits) or the whole code. Spaces and dashes do not matter."
        ),
        max_length=MAX_INPUT_LENGTH,
        strip=True,
        error_messages={
            "required": _("Type the code from the ticket."),
            "max_length": _("The code is too long to be a ticket."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "maxlength": str(MAX_INPUT_LENGTH),
            }
        ),
    )
    nonce = forms.UUIDField(widget=forms.HiddenInput)


class RenewForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that every ticket sent out so far stops working."),
        error_messages={"required": _("Tick the box to renew the tickets.")},
    )
