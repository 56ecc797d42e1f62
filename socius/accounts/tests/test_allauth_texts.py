"""Every allauth mail and message is written by us, in Danish and in English."""

from __future__ import annotations

import datetime

import pytest
from allauth.account.adapter import get_adapter
from django.contrib.messages import get_messages
from django.contrib.sites.shortcuts import get_current_site
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

pytestmark = pytest.mark.django_db

# prefix -> (Danish, English) text that only our template has
MAILS = {
    "account/email/email_confirmation": (
        "Åbn dette link for at bekræfte",
        "Open this link to confirm",
    ),
    "account/email/email_confirmation_signup": (
        "Åbn dette link for at bekræfte",
        "Open this link to confirm",
    ),
    "account/email/password_reset_key": (
        "Åbn dette link for at vælge en ny adgangskode",
        "Open this link to choose a new password",
    ),
    "account/email/password_reset_code": ("Din kode til at vælge", "Your code to choose"),
    "account/email/login_code": ("Din kode til at logge ind", "Your code to log in"),
    "account/email/unknown_account": ("Der er ingen konto med den adresse", "There is no account"),
    "account/email/account_already_exists": ("Du har allerede en konto", "You already have an"),
    "account/email/email_changed": ("Din e-mailadresse er ændret fra", "was changed from"),
    "account/email/email_confirm": ("Din e-mailadresse er bekræftet", "Your e-mail address is"),
    "account/email/email_deleted": ("er fjernet fra din konto", "was removed from your account"),
    "account/email/password_changed": ("Din adgangskode er ændret", "Your password was changed"),
    "account/email/password_reset": ("Din adgangskode er nulstillet", "Your password was reset"),
    "account/email/password_set": ("Din adgangskode er oprettet", "Your password was set"),
    "mfa/email/totp_activated": (
        "Totrinsgodkendelse med en godkendelsesapp er nu slået til",
        "is now on",
    ),
    "mfa/email/totp_deactivated": ("er nu slået fra", "is now off"),
    "mfa/email/recovery_codes_generated": ("nye gendannelseskoder", "New recovery codes"),
    "mfa/email/webauthn_added": ("Der er tilføjet en sikkerhedsnøgle", "A security key was added"),
    "mfa/email/webauthn_removed": (
        "Der er fjernet en sikkerhedsnøgle",
        "A security key was removed",
    ),
}

# What allauth's own templates and Danish catalogue say, and we must not.
STOCK = [
    "Hej fra",
    "Hello from",
    "127.0.0.1",
    "testserver!",
    "emailadresse",
    "Emailadresse",
    "Tak fordi du bruger",
    "Thank you for using",
]


def _context(citizen):
    request = RequestFactory().get("/")
    return {
        "user": citizen,
        "request": request,
        "current_site": get_current_site(request),
        "activate_url": "https://socius.example/konto/confirm-email/abc/",
        "password_reset_url": "https://socius.example/konto/password/reset/key/x/",
        "signup_url": "https://socius.example/konto/signup/",
        "code": "ABC123",
        "email": citizen.email,
        "from_email": "gammel@example.dk",
        "to_email": citizen.email,
        "deleted_email": "gammel@example.dk",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": timezone.now(),
    }


@pytest.mark.parametrize("prefix", sorted(MAILS))
@pytest.mark.parametrize("language", ["da", "en"])
def test_each_mail_has_our_text_in_both_languages(prefix, language, citizen):
    danish, english = MAILS[prefix]
    context = _context(citizen)
    if "confirmation" in prefix:
        del context["code"]  # confirmation by link (our setting), not by code
    with translation.override(language):
        message = get_adapter().render_mail(prefix, citizen.email, context)
    text = f"{message.subject}\n{message.body}"
    assert (danish if language == "da" else english) in text, text
    assert message.subject.startswith("[Socius] ")
    assert "Socius" in message.body
    assert ("Venlig hilsen" if language == "da" else "Kind regards") in message.body
    for stock in STOCK:
        assert stock not in text, (stock, text)


MESSAGES = {
    "account/messages/logged_in.txt": ("Du er logget ind som", "You are logged in as"),
    "account/messages/logged_out.txt": ("Du er logget ud", "You are logged out"),
    "account/messages/email_confirmation_sent.txt": (
        "Vi har sendt en mail til",
        "We have sent a mail",
    ),
    "account/messages/email_confirmed.txt": ("er bekræftet", "is confirmed"),
    "account/messages/email_deleted.txt": ("er fjernet", "was removed"),
    "account/messages/cannot_delete_primary_email.txt": ("primære e-mailadresse", "primary e-mail"),
    "account/messages/email_confirmation_failed.txt": ("kan ikke bekræftes", "cannot be confirmed"),
    "account/messages/primary_email_set.txt": ("primære e-mailadresse er ændret", "was changed"),
    "account/messages/unverified_primary_email.txt": (
        "Bekræft din primære",
        "Confirm your primary",
    ),
    "account/messages/password_changed.txt": ("adgangskode er ændret", "password was changed"),
    "account/messages/password_set.txt": ("adgangskode er oprettet", "password was set"),
    "account/messages/login_code_sent.txt": ("Vi har sendt en kode", "We have sent a code"),
    "mfa/messages/totp_activated.txt": ("slået til", "is on"),
    "mfa/messages/totp_deactivated.txt": ("slået fra", "is off"),
    "mfa/messages/recovery_codes_generated.txt": ("nye gendannelseskoder", "New recovery codes"),
    "mfa/messages/webauthn_added.txt": ("er tilføjet", "was added"),
    "mfa/messages/webauthn_removed.txt": ("er fjernet", "was removed"),
}


@pytest.mark.parametrize("template", sorted(MESSAGES))
@pytest.mark.parametrize("language", ["da", "en"])
def test_each_message_has_our_text_in_both_languages(template, language, citizen):
    danish, english = MESSAGES[template]
    context = {"user": citizen, "email": citizen.email, "recipient": citizen.email}
    with translation.override(language):
        text = render_to_string(template, context)
    assert (danish if language == "da" else english) in text
    assert "succesfuldt" not in text.lower()
    assert "emailadresse" not in text.lower().replace("e-mailadresse", "")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_confirmation_by_code_has_our_text(language, citizen):
    with translation.override(language):
        message = get_adapter().render_mail(
            "account/email/email_confirmation", citizen.email, _context(citizen)
        )
    assert "ABC123" in message.body
    assert ("Din kode står herunder" if language == "da" else "Your code is below") in message.body


def test_logging_in_shows_our_message(client, citizen):
    response = client.post(
        "/konto/login/", {"login": citizen.email, "password": "Correct-Horse-42"}, follow=True
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [response.content.decode()]
    page = response.content.decode()
    assert f"Du er logget ind som {citizen.display_name}" in page or any(
        "Du er logget ind som" in t for t in texts
    )
    assert "Loggede succesfuldt ind" not in page


def test_the_timestamp_of_a_security_notice_is_a_real_time(citizen):
    context = {
        **_context(citizen),
        "timestamp": datetime.datetime(2026, 12, 2, 9, 5, tzinfo=datetime.UTC),
    }
    with translation.override("da"):
        message = get_adapter().render_mail(
            "account/email/password_changed", citizen.email, context
        )
    assert "2026" in message.body


@pytest.mark.parametrize(
    "url", ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/konto/email/"]
)
def test_account_pages_say_e_mailadresse(client, citizen, url):
    if url == "/konto/email/":
        client.force_login(citizen)
    html = client.get(url).content.decode()
    assert "E-mailadresse" in html or "e-mailadresse" in html
    assert "Emailadresse" not in html
    assert "emailadresse" not in html


def test_a_wrong_password_is_refused_in_our_words(client, citizen):
    response = client.post("/konto/login/", {"login": citizen.email, "password": "forkert"})
    html = response.content.decode()
    assert "E-mailadressen eller adgangskoden er ikke korrekt." in html
    assert "emailadresse" not in html
