"""The newsletter: sign-up with double opt-in, confirmation, one-click unsubscribe.

Threat model. Anyone may post any address to the sign-up form, so (1) nothing is sent to an
address but a confirmation, and nobody is on the list until the link in it is followed; (2) the
answer is the same whether the address was known, confirmed or new, so the form reveals no
subscriber; (3) only SHA-256 hashes of the links' secrets are stored, so a copy of the database
gives no working link. The confirmation secret is random and replaced by each new sign-up. The
unsubscribe secret is a keyed hash of the address under the server's key
(core.crypto.secret_digest), so every newsletter mail can carry it without the secret being
stored; whoever holds a newsletter mail can unsubscribe its recipient and do nothing else.
Unsubscribing keeps the row (with ``unsubscribed_at``) so the address is not mailed again.

Issues (``NewsletterIssue``) are written and sent by those with SUPPORT_NEWSLETTER. Sending is
background work (``socius.support.tasks.newsletter_issue_deliver``) that hands one mail per
subscriber to the mail queue (core.mail.notify, one task per mail). A task can run twice (a
worker dies and the task is run again, or it is enqueued again by mistake), so each recipient
is recorded (``NewsletterDelivery``, unique per issue and subscription) in the same
transaction that queues the mail: a second run skips everyone already recorded, and two runs
at the same moment cannot both record the same subscriber."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socius.core.access import require
from socius.core.audit import audit_record
from socius.core.crypto import secret_digest
from socius.core.mail import Address, absolute_url, notify
from socius.core.roles import Capability
from socius.support import audit
from socius.support.mail import MAIL_NEWSLETTER, MAIL_NEWSLETTER_CONFIRM
from socius.support.models import NewsletterDelivery, NewsletterIssue, NewsletterSubscription

if TYPE_CHECKING:
    from socius.accounts.models import User

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


# --- issues ------------------------------------------------------------------------------


@transaction.atomic
def newsletter_issue_save(*, actor: User, issue: NewsletterIssue) -> NewsletterIssue:
    """Save a new or changed issue that has not been sent."""
    require(actor, Capability.SUPPORT_NEWSLETTER)
    if issue.pk is not None:
        saved = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if saved.send_started_at is not None:
            raise ValidationError(_("This issue has been sent and can no longer be changed."))
    else:
        issue.created_by = actor
    issue.full_clean()
    issue.save()
    audit_record(actor=actor, action=audit.AUDIT_NEWSLETTER_ISSUE_SAVED, target=issue,
                 data={"language": issue.language})  # fmt: skip
    return issue


def newsletter_recipients(
    issue: NewsletterIssue, *, confirmed_before: datetime.datetime | None = None
) -> QuerySet[NewsletterSubscription]:
    """The confirmed subscribers who have not unsubscribed and read the issue's language
    (all of them for an issue in both languages); with ``confirmed_before``, only those who
    had confirmed by then (the moment the sending was asked for)."""
    subscriptions = NewsletterSubscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )
    if confirmed_before is not None:
        subscriptions = subscriptions.filter(confirmed_at__lte=confirmed_before)
    if issue.language == NewsletterIssue.Language.DANISH:
        subscriptions = subscriptions.filter(language__startswith="da")
    elif issue.language == NewsletterIssue.Language.ENGLISH:
        subscriptions = subscriptions.filter(language__startswith="en")
    return subscriptions.order_by("pk")


@transaction.atomic
def newsletter_issue_send(
    *, actor: User, issue: NewsletterIssue, now: datetime.datetime | None = None
) -> NewsletterIssue:
    """Ask for the issue to be sent: the number of recipients is fixed now, and the sending
    runs as a background task once this commits. An issue is sent once."""
    from socius.support.tasks import newsletter_issue_deliver

    require(actor, Capability.SUPPORT_NEWSLETTER)
    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.send_started_at is not None:
        raise ValidationError(_("This issue has already been sent."))
    issue.send_started_at = now or timezone.now()
    issue.recipients_count = newsletter_recipients(
        issue, confirmed_before=issue.send_started_at
    ).count()
    issue.save(update_fields=["send_started_at", "recipients_count", "updated_at"])
    audit_record(actor=actor, action=audit.AUDIT_NEWSLETTER_ISSUE_SENT, target=issue,
                 data={"recipients": issue.recipients_count})  # fmt: skip
    issue_id = issue.pk
    transaction.on_commit(lambda: newsletter_issue_deliver.enqueue(issue_id=issue_id))
    return issue


def newsletter_issue_deliver(*, issue_id: int, now: datetime.datetime | None = None) -> int:
    """Queue the issue's mail for each recipient not yet recorded, one transaction per
    recipient (record, mail, count), then mark the issue sent. Returns the number of mails
    queued by this run: 0 when run again after a complete run."""
    issue = NewsletterIssue.objects.filter(pk=issue_id, send_started_at__isnull=False).first()
    if issue is None:
        return 0
    recipients = newsletter_recipients(issue, confirmed_before=issue.send_started_at).exclude(
        Q(deliveries__issue=issue)
    )
    queued = 0
    for subscription in recipients.iterator(chunk_size=200):
        try:
            with transaction.atomic():
                NewsletterDelivery.objects.create(issue=issue, subscription=subscription)
                # Checked again inside the transaction: an unsubscribe a moment ago wins.
                fresh = NewsletterSubscription.objects.get(pk=subscription.pk)
                if not newsletter_mail(subscription=fresh, subject=issue.subject, text=issue.body):
                    transaction.set_rollback(True)
                    continue
                NewsletterIssue.objects.filter(pk=issue.pk).update(sent_count=F("sent_count") + 1)
        except IntegrityError:  # another run recorded this subscriber first
            continue
        queued += 1
    NewsletterIssue.objects.filter(pk=issue.pk, sent_at__isnull=True).update(
        sent_at=now or timezone.now()
    )
    return queued
