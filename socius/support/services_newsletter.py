"""The newsletter: sign-up with double opt-in, confirmation, one-click unsubscribe.

Threat model. Anyone may post any address to the sign-up form, so (1) nothing is sent to an
address but a confirmation, and nobody is on the list until the link in it is followed; (2) the
answer is the same whether the address was known, confirmed or new, so the form reveals no
subscriber; (3) only SHA-256 hashes of the links' secrets are stored, so a copy of the database
gives no working link. The confirmation secret is random and replaced by each new sign-up. The
unsubscribe secret is a keyed hash of the address under the server's key
(core.crypto.secret_digest), so every newsletter mail can carry it without the secret being
stored; whoever holds a newsletter mail can unsubscribe its recipient and do nothing else.
Unsubscribing keeps the row (with ``unsubscribed_at``) so the address is not mailed again."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from socius.core.crypto import secret_digest
from socius.core.mail import Address, absolute_url, notify
from socius.support.mail import MAIL_NEWSLETTER, MAIL_NEWSLETTER_CONFIRM
from socius.support.models import NewsletterSubscription

PURPOSE_UNSUBSCRIBE = b"socius-news-out"
SECRET_MAX_LENGTH = 100


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def newsletter_unsubscribe_secret(email: str) -> str:
    """The unsubscribe link's secret for ``email`` (derived, never stored)."""
    return secret_digest(email.strip().lower(), purpose=PURPOSE_UNSUBSCRIBE)


def newsletter_unsubscribe_url(subscription: NewsletterSubscription) -> str:
    secret = newsletter_unsubscribe_secret(subscription.email)
    return absolute_url(reverse("support:newsletter-unsubscribe", args=[secret]))


@transaction.atomic
def newsletter_signup(*, email: str, language: str, now: datetime.datetime | None = None) -> None:
    """Ask for a confirmation of ``email``. Already confirmed addresses get nothing (the page
    says the same either way); pending or unsubscribed ones get a new confirmation link."""
    email = email.strip().lower()
    now = now or timezone.now()
    subscription = NewsletterSubscription.objects.select_for_update().filter(email=email).first()
    if subscription and subscription.confirmed_at and not subscription.unsubscribed_at:
        return
    confirm = secrets.token_urlsafe(32)
    if subscription is None:
        subscription = NewsletterSubscription(
            email=email, unsubscribe_hash=_hash(newsletter_unsubscribe_secret(email))
        )
    subscription.language = language
    subscription.confirm_hash = _hash(confirm)
    subscription.confirmed_at = None
    subscription.unsubscribed_at = None
    subscription.save()
    notify(
        recipients=[Address(email, language)],
        kind=MAIL_NEWSLETTER_CONFIRM,
        template="support/mail/newsletter_confirm",
        link=reverse("support:newsletter-confirm", args=[confirm]),
    )


@transaction.atomic
def newsletter_confirm(*, secret: str, now: datetime.datetime | None = None) -> bool:
    """Follow the confirmation link: True if it named a pending sign-up."""
    if not secret or len(secret) > SECRET_MAX_LENGTH:
        return False
    subscription = NewsletterSubscription.objects.filter(confirm_hash=_hash(secret)).first()
    if subscription is None:
        return False
    subscription.confirmed_at = now or timezone.now()
    subscription.unsubscribed_at = None
    # The link works once: its hash is replaced by one of a secret nobody has.
    subscription.confirm_hash = _hash(secrets.token_urlsafe(32))
    subscription.save(
        update_fields=["confirmed_at", "unsubscribed_at", "confirm_hash", "updated_at"]
    )
    return True


@transaction.atomic
def newsletter_unsubscribe(*, secret: str, now: datetime.datetime | None = None) -> bool:
    """One click: True if the link named a subscription (already unsubscribed counts)."""
    if not secret or len(secret) > SECRET_MAX_LENGTH:
        return False
    subscription = NewsletterSubscription.objects.filter(unsubscribe_hash=_hash(secret)).first()
    if subscription is None:
        return False
    if subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = now or timezone.now()
        subscription.save(update_fields=["unsubscribed_at", "updated_at"])
    return True


def newsletter_mail(*, subscription: NewsletterSubscription, subject: str, text: str) -> int:
    """Send one newsletter to one confirmed subscriber, with the unsubscribe link in the body
    and the RFC 8058 one-click headers. Returns the number of mails queued (0 or 1)."""
    if not subscription.confirmed_at or subscription.unsubscribed_at:
        return 0
    url = newsletter_unsubscribe_url(subscription)
    return notify(
        recipients=[Address(subscription.email, subscription.language)],
        kind=MAIL_NEWSLETTER,
        template="support/mail/newsletter",
        context={"subject": subject, "text": text, "unsubscribe_url": url},
        headers={"List-Unsubscribe": f"<{url}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )  # fmt: skip
