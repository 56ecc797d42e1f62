"""allauth's own forms with our labels (``ACCOUNT_FORMS``).

A module of its own: allauth imports ``forms.SignupForm`` (``ACCOUNT_SIGNUP_FORM_CLASS``)
while it builds these base classes, so they cannot live in the same module."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _


def _own_labels(form: forms.Form, labels: dict[str, Any]) -> None:
    """Our own labels on allauth's fields (its Danish says "Emailadresse"); no placeholders,
    which repeat the label and vanish as one types."""
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
            form.fields[name].widget.attrs.pop("placeholder", None)


class SociusSignupForm(AllauthSignupForm):
    """allauth's sign-up form with our labels, the name first and the optional part last."""

    field_order = ["name", "email", "password1", "password2", "roles", "party"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own_labels(
            self,
            {
                "email": _("E-mail address"),
                "password1": _("Password"),
                "password2": _("Password (again)"),
            },
        )
        self.order_fields(self.field_order)


class SociusLoginForm(AllauthLoginForm):
    """allauth's login form with our labels."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own_labels(self, {"login": _("E-mail address"), "password": _("Password")})


class SociusResetPasswordForm(AllauthResetPasswordForm):
    """allauth's "forgotten password" form with our label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own_labels(self, {"email": _("E-mail address")})


class SociusAddEmailForm(AllauthAddEmailForm):
    """allauth's "add an e-mail address" form with our label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _own_labels(self, {"email": _("E-mail address")})
