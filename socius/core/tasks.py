"""Background work shared by every module."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task


@task()
def mail_send(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> int:
    """Deliver one e-mail through the configured backend (SMTP in production)."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def mail_send_on_commit(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> None:
    """Queue a mail once the surrounding transaction commits, never for a rolled-back change."""
    transaction.on_commit(
        lambda: mail_send.enqueue(
            subject=subject, body=body, to=to, from_email=from_email, html=html
        )
    )
