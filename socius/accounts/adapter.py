from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from socius.core.crypto import SecretOpenError, secret_open_text, secret_seal_text
from socius.core.tasks import mail_send_on_commit


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails from a background task, after commit, in the recipient's language,
    and sends a new account to the next-step page rather than a bare profile."""

    # Our own words for the errors people meet (allauth's Danish says "emailadresse").
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account is not active."),
        "cannot_remove_primary_email": _("You cannot remove your primary e-mail address."),
        "duplicate_email": _("This e-mail address already belongs to your account."),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
        "email_taken": _("There is already an account with this e-mail address."),
        "enter_current_password": _("Write your current password."),
        "incorrect_code": _("The code is not correct."),
        "incorrect_password": _("The password is not correct."),
        "invalid_or_expired_key": _("The link is not valid or has expired."),
        "invalid_password_reset": _("The link to choose a new password is not valid."),
        "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
        "too_many_login_attempts": _("Too many failed attempts to log in. Try again later."),
        "unknown_email": _("There is no account with this e-mail address."),
        "unverified_primary_email": _("Confirm your primary e-mail address first."),
        "rate_limited": _("Too many requests. Wait a moment and try again."),
    }

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        # Used after the e-mail confirmation logs the new person in (the login was started
        # at sign-up), so the first page they see tells them what to do now.
        return reverse("accounts:welcome")

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        if self.request.user.is_authenticated:
            return super().get_email_verification_redirect_url(email_address)
        # Confirmed in another browser than the one that signed up: log in, then the
        # next-step page.
        return reverse("account_login") + "?" + urlencode({"next": reverse("accounts:welcome")})

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = getattr(user, "language", None) or translation.get_language()
        with translation.override(language):
            request = context.get("request") or getattr(self, "request", None)
            ctx = {"email": email, "request": request, **context}
            ctx.setdefault("current_site", self._site(request))
            message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        mail_send_on_commit(
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email,
            html=html,
        )

    @staticmethod
    def _site(request: Any) -> Any:
        from django.contrib.sites.shortcuts import get_current_site

        return get_current_site(request)


class MFAAdapter(DefaultMFAAdapter):
    """Encrypts TOTP secrets at rest with libsodium's secretbox (XSalsa20-Poly1305).

    Threat model (and the key derivation: socius/core/crypto.py): a copy of the database (a
    leaked backup, an SQL injection) must not hand
    out every staff member's second factor. The key is derived from SECRET_KEY, which lives
    outside the database; with SECRET_KEY_FALLBACKS a rotated key still decrypts old secrets.
    Limits: whoever holds both the database and SECRET_KEY can decrypt; the secret is in
    memory while a code is checked.
    """

    _PURPOSE = b"socius-mfa"

    def encrypt(self, text: str) -> str:
        return secret_seal_text(text, purpose=self._PURPOSE)

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith("v1:"):
            return encrypted_text  # stored before encryption was introduced
        try:
            return secret_open_text(encrypted_text, purpose=self._PURPOSE)
        except SecretOpenError as exc:
            raise ValueError("The TOTP secret cannot be decrypted with the current keys.") from exc
