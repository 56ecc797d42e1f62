"""The one way to tell people something: ``notify()``.

Every module mails through here. Per recipient it renders the subject and body in that
person's language, builds absolute links from ``settings.SITE_URL``, records an entry in the
person's notification list (/mit/notifikationer/), and queues the mail after the surrounding
transaction commits (``core.tasks.mail_send_on_commit``). People without an e-mail address, and
people who turned e-mail of this kind off, get the notification but no mail.

Kinds of mail are declared once, in the sending module's ``mail.py``, with
``mail_kind_register``; core imports every ``socius.<module>.mail`` at start-up so the
preferences page knows them all. A kind is either *unsubscribable* (every mail carries an
unsubscribe link in its footer and the RFC 8058 ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` headers) or *always sent* (receipts, decisions, statutory deadlines:
no unsubscribe, since offering one that does not work would mislead). docs/architecture.md
lists the kinds.

Threat model of the unsubscribe token: it names one person and one kind, is signed with
SECRET_KEY (salted for this purpose only) and expires after ``UNSUBSCRIBE_MAX_AGE``. Whoever
holds a mail can turn off that one kind for its recipient and nothing else: the token gives
no login and no read access, so a forwarded mail costs at most that one preference.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise

from socius.core.models import MailOptOut, Notification
from socius.core.tasks import mail_send_many_on_commit, mail_send_on_commit, rows_insert

if TYPE_CHECKING:
    from socius.accounts.models import User
    from socius.core.roles import Capability

UNSUBSCRIBE_SALT = "socius.core.mail.unsubscribe"
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)


@dataclass(frozen=True)
class MailKind:
    """A kind of mail a person can turn off (or not), shown on the preferences page.

    ``capability``: the preferences page lists the kind only to holders of it (staff mails);
    None lists it to everyone. ``to_addresses``: sent only to e-mail addresses without an
    account (a council secretariat, an invitee), so never listed on anyone's settings page."""

    key: str
    label: str | Promise
    unsubscribable: bool = True
    capability: Capability | None = None
    to_addresses: bool = False


_KINDS: dict[str, MailKind] = {}


def mail_kind_register(
    key: str,
    label: str | Promise,
    *,
    unsubscribable: bool = True,
    capability: Capability | None = None,
    to_addresses: bool = False,
) -> MailKind:
    """Declare a kind of mail once, at import time of the module's ``mail.py``."""
    kind = MailKind(key, label, unsubscribable, capability, to_addresses)
    if _KINDS.get(key, kind) != kind:
        raise ImproperlyConfigured(f"The mail kind {key} is declared twice, differently.")
    _KINDS[key] = kind
    return kind


def mail_kinds() -> list[MailKind]:
    """Every declared kind, in a stable order (by key, so grouped by module)."""
    return [_KINDS[key] for key in sorted(_KINDS)]


def mail_kind(key: str) -> MailKind | None:
    return _KINDS.get(key)


def mail_kinds_discover() -> None:
    """Import ``mail.py`` of every Socius app, so every kind is registered (CoreConfig.ready)."""
    for config in apps.get_app_configs():
        if config.name.startswith("socius.") and importlib.util.find_spec(f"{config.name}.mail"):
            importlib.import_module(f"{config.name}.mail")


@dataclass(frozen=True)
class Address:
    """A recipient without an account (a council secretariat, an invited co-proposer).

    Gets the mail only: no notification list, no preferences, so only for kinds that are
    always sent."""

    email: str
    language: str = ""


def address_deliverable(email: str) -> bool:
    """Whether mail to ``email`` may be sent at all. Never to an address under ``.invalid``
    (RFC 2606, RFC 6761: reserved, never delivered): pupils' stand-in addresses and the
    addresses of deleted accounts live there, and a mail sent anyway would sit in the
    outgoing queue or bounce."""
    domain = (email or "").rpartition("@")[2].strip().rstrip(".").lower()
    return bool(domain) and domain != "invalid" and not domain.endswith(".invalid")


def absolute_url(link: str) -> str:
    """``link`` as a full https URL on this site; a full URL is returned as it is."""
    if link.startswith(("https://", "http://")):
        return link
    return settings.SITE_URL.rstrip("/") + "/" + link.lstrip("/")


def unsubscribe_token(user: User, kind: MailKind) -> str:
    """A signed token that turns off ``kind`` for ``user`` (and does nothing else)."""
    return signing.dumps({"u": str(user.public_id), "k": kind.key}, salt=UNSUBSCRIBE_SALT)


class UnsubscribeTokenError(Exception):
    """The token was altered, belongs to no active person or kind, or has expired."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def unsubscribe_token_read(token: str) -> tuple[User, MailKind]:
    """The person and kind a token names; raises UnsubscribeTokenError otherwise."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise UnsubscribeTokenError(expired=True) from exc
    except signing.BadSignature as exc:
        raise UnsubscribeTokenError(expired=False) from exc
    if not isinstance(data, dict) or not isinstance(data.get("k"), str):
        raise UnsubscribeTokenError(expired=False)
    kind = mail_kind(data["k"])
    user = (
        get_user_model()
        .objects.filter(public_id=str(data.get("u")), is_active=True, anonymised_at__isnull=True)
        .first()
        if _is_uuid(data.get("u"))
        else None
    )
    if kind is None or not kind.unsubscribable or user is None:
        raise UnsubscribeTokenError(expired=False)
    return user, kind


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _render(name: str, context: dict[str, Any]) -> str:
    # Plain-text mail: autoescaping would turn "Børn & unge" into "Børn &amp; unge".
    template: Any = get_template(name)
    return str(template.template.render(Context(context, autoescape=False)))


@dataclass
class _Mail:
    subject: str
    body: str
    headers: dict[str, str]


def _compose(
    recipient: User | Address,
    kind: MailKind,
    template: str,
    context: Mapping[str, Any],
    link: str,
) -> _Mail:
    user = None if isinstance(recipient, Address) else recipient
    ctx: dict[str, Any] = {"site_url": settings.SITE_URL.rstrip("/"), **context, "user": user}
    if link:
        ctx["link"] = absolute_url(link)
    subject = " ".join(_render(f"{template}_subject.txt", ctx).split())
    body = _render(f"{template}_body.txt", ctx).rstrip() + "\n"
    headers: dict[str, str] = {}
    if user is not None and kind.unsubscribable:
        url = absolute_url(reverse("core:unsubscribe", args=[unsubscribe_token(user, kind)]))
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        body += _render(
            "core/mail/footer.txt",
            {
                "kind": kind,
                "unsubscribe_url": url,
                "preferences_url": absolute_url(reverse("core:notification-preferences")),
            },
        )
    return _Mail(subject, body, headers)


def _unique(recipients: Iterable[User | Address]) -> list[User | Address]:
    seen: set[Any] = set()
    unique: list[User | Address] = []
    for r in recipients:
        key = ("a", r.email.lower()) if isinstance(r, Address) else ("u", r.pk)
        if key not in seen:
            seen.add(key)
            unique.append(r)
    return unique


def notify(
    *,
    recipients: Iterable[User | Address],
    kind: MailKind,
    template: str,
    context: Mapping[str, Any] | None = None,
    link: str = "",
    attachments: Sequence[tuple[str, str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> int:
    """Tell each recipient once: a notification (people with an account) and an e-mail.

    ``template`` names two templates, ``<template>_subject.txt`` and ``<template>_body.txt``,
    rendered per recipient in their language with ``context`` plus ``user`` (None for an
    Address), ``site_url`` and, when ``link`` is given, ``link`` as an absolute URL.
    ``template="core/mail/notice"`` is a plain notice: pass ``title`` and ``text``. ``link``
    (a path on this site) is also what the notification list links to. Inactive people are
    skipped. Call inside the service's transaction: the notification is written with it and
    the mail leaves only after it commits. ``attachments`` are text files sent with every
    mail, as ``(file name, text, MIME type)``; a binary file as base64 text with
    ``";base64"`` after its MIME type (``("a.pdf", b64, "application/pdf;base64")``).
    ``headers`` are added to every mail (a list's own ``List-Unsubscribe`` for mail to
    addresses). Returns the number of mails queued."""
    people = [r for r in _unique(recipients) if isinstance(r, Address) or (r.is_active and r.pk)]
    if any(isinstance(r, Address) for r in people) and (
        kind.unsubscribable or not kind.to_addresses
    ):
        raise ImproperlyConfigured(f"{kind.key}: mail to an address without an account must be "
                                   "of a kind declared with to_addresses=True and "
                                   "unsubscribable=False (nobody could turn it off).")  # fmt: skip
    opted_out: set[int] = set()
    if kind.unsubscribable:
        opted_out = set(
            MailOptOut.objects.filter(
                kind=kind.key, user__in=[r.pk for r in people if not isinstance(r, Address)]
            ).values_list("user_id", flat=True)
        )
    notifications: list[Notification] = []
    queued = 0
    for recipient in people:
        # An Address without a language gets the language of whoever caused the mail.
        language = recipient.language or translation.get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            mail = _compose(recipient, kind, template, context or {}, link)
        if not isinstance(recipient, Address):
            notifications.append(
                Notification(
                    recipient=recipient, kind=kind.key, title=mail.subject[:300], link=link
                )
            )
            if recipient.pk in opted_out:
                continue
        if not address_deliverable(recipient.email):
            continue
        mail_send_on_commit(
            subject=mail.subject,
            body=mail.body,
            to=[recipient.email],
            headers={**mail.headers, **(headers or {})},
            attachments=[list(a) for a in attachments] or None,
        )
        queued += 1
    Notification.objects.bulk_create(notifications)
    return queued


_TOKEN_MARK = "@@unsubscribe-token@@"  # noqa: S105  (a place holder, not a secret)


def notify_many(
    *,
    recipients: Sequence[User],
    kind: MailKind,
    template: str,
    context: Mapping[str, Any] | None = None,
    link: str = "",
) -> int:
    """``notify`` for one notice to very many people (a thread that moved, to its 10,000
    followers): the mail is rendered once per language, not once per person (so the
    templates get ``user=None`` and greet no one by name), the notifications are written with
    one INSERT and the mails queued in bulk after the transaction commits
    (``core.tasks.mail_send_many``). Only people with an account; inactive people, repeats,
    people who turned this kind off and undeliverable addresses get no mail, as with
    ``notify``. Call it with batches of a few hundred people. Returns the mails queued."""
    people = [r for r in _unique(recipients) if not isinstance(r, Address) and r.is_active and r.pk]
    opted_out: set[int] = set()
    if kind.unsubscribable:
        opted_out = set(
            MailOptOut.objects.filter(kind=kind.key, user__in=[r.pk for r in people]).values_list(
                "user_id", flat=True
            )
        )
    rendered: dict[str, _Mail] = {}
    notifications: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for person in people:
        language = person.language or settings.LANGUAGE_CODE
        mail = rendered.get(language)
        if mail is None:
            with translation.override(language):
                mail = rendered[language] = _compose_shared(kind, template, context or {}, link)
        notifications.append(
            {"public_id": uuid.uuid4(), "recipient_id": person.pk, "title": mail.subject[:300]}
        )
        if person.pk in opted_out or not address_deliverable(person.email):
            continue
        body, headers = mail.body, dict(mail.headers)
        if kind.unsubscribable:
            token = unsubscribe_token(person, kind)
            body = body.replace(_TOKEN_MARK, token)
            headers = {k: v.replace(_TOKEN_MARK, token) for k, v in headers.items()}
        messages.append({"subject": mail.subject, "body": body, "to": [person.email],
                         "headers": headers})  # fmt: skip
    rows_insert(
        Notification,
        notifications,
        same={"kind": kind.key, "link": link, "created_at": timezone.now(), "read_at": None},
    )
    mail_send_many_on_commit(messages)
    return len(messages)


def _compose_shared(kind: MailKind, template: str, context: Mapping[str, Any], link: str) -> _Mail:
    """One mail for everyone of a language; the unsubscribe token is a mark to fill in."""
    ctx: dict[str, Any] = {"site_url": settings.SITE_URL.rstrip("/"), **context, "user": None}
    if link:
        ctx["link"] = absolute_url(link)
    subject = " ".join(_render(f"{template}_subject.txt", ctx).split())
    body = _render(f"{template}_body.txt", ctx).rstrip() + "\n"
    headers: dict[str, str] = {}
    if kind.unsubscribable:
        url = absolute_url(reverse("core:unsubscribe", args=["TOKEN"])).replace(
            "TOKEN", _TOKEN_MARK
        )
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        body += _render(
            "core/mail/footer.txt",
            {
                "kind": kind,
                "unsubscribe_url": url,
                "preferences_url": absolute_url(reverse("core:notification-preferences")),
            },
        )
    return _Mail(subject, body, headers)
