"""Background work shared by every module."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task


@task()
def mail_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> int:
    """Deliver one e-mail through the configured backend (SMTP in production)."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, headers=headers
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def mail_send_on_commit(
    *,
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    html: str = "",
    headers: dict[str, str] | None = None,
) -> None:
    """Queue a mail once the surrounding transaction commits, never for a rolled-back change.

    Modules call ``core.mail.notify`` instead; this is for mail that is not a notification
    (allauth's account mails)."""
    transaction.on_commit(
        lambda: mail_send.enqueue(
            subject=subject, body=body, to=to, from_email=from_email, html=html, headers=headers
        )
    )
