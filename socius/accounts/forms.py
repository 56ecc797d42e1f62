from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from socius.core.models import Party
from socius.core.roles import PUBLIC_ROLES, STAFF_ROLES, Role

if TYPE_CHECKING:
    from django.http import HttpRequest

    from socius.accounts.models import User


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_(
            "Shown next to what you write. Leave empty to show the first part of your e-mail address."
        ),
    )
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=settings.LANGUAGES)
    roles = forms.MultipleChoiceField(
        label=_("I take part as"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (r.value, r.label) for r in Role if r.value in PUBLIC_ROLES and r != Role.POLITICIAN
        ],
        help_text=_("Politicians state their party below."),
    )


def _own_role_choices() -> list[tuple[str, Any]]:
    """The public roles a person chooses with a tick; politicians choose a party instead."""
    return [(r.value, r.label) for r in Role if r.value in PUBLIC_ROLES and r != Role.POLITICIAN]


class SignupForm(forms.Form):
    """What allauth's sign-up form asks besides the e-mail address and password
    (``ACCOUNT_SIGNUP_FORM_CLASS``): a name, and optionally how the person takes part."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown next to what you write. You can change it later on your profile."),
    )
    roles = forms.MultipleChoiceField(
        label=_("I take part as (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=_own_role_choices,
        help_text=_(
            "Conversations on Socius look for views that bridge roles and parties: what "
            "citizens, practitioners, researchers, volunteers and politicians agree on. "
            "Your roles are counted only in groups, never shown with your votes. You can "
            "change them later on your profile."
        ),
    )
    party = forms.ModelChoiceField(
        label=_("I am a politician for (optional)"),
        required=False,
        queryset=Party.objects.filter(is_active=True),
        empty_label=_("Not a politician"),
        help_text=_("Staff verify a stated party before it is shown as verified."),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        """Called by allauth once the account exists (same transaction)."""
        from socius.accounts.services import account_onboard

        # Mails are written in the language the person signed up in.
        language = (translation.get_language() or "")[:2]
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        data = self.cleaned_data
        account_onboard(
            actor=user,
            name=data["name"],
            language=language,
            roles=set(data["roles"]),
            party=data["party"],
        )


class PoliticianForm(forms.Form):
    party = forms.ModelChoiceField(
        label=_("Party or local list"), queryset=Party.objects.filter(is_active=True)
    )
    office = forms.CharField(label=_("Office"), max_length=120, required=False)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput, strip=False, max_length=4096
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted and cannot be restored."), required=True
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return str(password)


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Staff role"),
        choices=[(r.value, r.label) for r in Role if r.value in STAFF_ROLES],
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("E-mail or name contains"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices]
    )
