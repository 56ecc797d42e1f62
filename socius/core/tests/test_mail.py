"""core.mail.notify: language per recipient, absolute links, opt-outs, after commit, headers."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from socius.core.mail import (
    Address,
    mail_kind,
    mail_kinds,
    notify,
    unsubscribe_token_read,
)
from socius.core.models import MailOptOut, Notification
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "advice.request"  # an ordinary kind a person can turn off
ALWAYS = "grants.receipt"  # a kind that is always sent


def _notice(recipients, kind=KIND, **extra):
    return notify(
        recipients=recipients,
        kind=mail_kind(kind),
        template="core/mail/notice",
        context={"title": extra.pop("title", "Nyt om din sag"), "text": "Læs mere."},
        **extra,
    )


def _run(django_capture_on_commit_callbacks, fn, *args, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return fn(*args, **kwargs)


def test_it_renders_each_mail_in_its_recipients_language(
    mailbox, django_capture_on_commit_callbacks
):
    dane = UserFactory(language="da", name="Karen")
    briton = UserFactory(language="en", name="John")
    _run(django_capture_on_commit_callbacks, _notice, [dane, briton])
    bodies = {m["To"]: mailbox.body_of(m) for m in mailbox.messages}
    assert "Kære Karen," in bodies[dane.email]
    assert "Stop e-mails af denne slags:" in bodies[dane.email]
    assert "Dear John," in bodies[briton.email]
    assert "Stop e-mails of this kind:" in bodies[briton.email]


def test_it_builds_absolute_links_from_site_url(
    mailbox, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://socius.example.dk"
    person = UserFactory()
    _run(django_capture_on_commit_callbacks, _notice, [person], link="/tilskud/mine/")
    body = mailbox.body_of(mailbox.messages[0])
    assert "https://socius.example.dk/tilskud/mine/" in body
    assert "https://socius.example.dk/afmeld/" in body
    assert "https://socius.example.dk/mit/notifikationer/indstillinger/" in body
    # every link in the mail is absolute
    assert not re.search(r"(?<![\w/:.])/(tilskud|afmeld|mit)/", body)
    assert Notification.objects.get(recipient=person).link == "/tilskud/mine/"


def test_it_records_a_notification_even_when_no_mail_is_sent(
    mailbox, django_capture_on_commit_callbacks
):
    opted_out = UserFactory()
    MailOptOut.objects.create(user=opted_out, kind=KIND)
    no_address = UserFactory(email="")
    inactive = UserFactory(is_active=False)
    wants_mail = UserFactory()
    queued = _run(
        django_capture_on_commit_callbacks,
        _notice,
        [opted_out, no_address, inactive, wants_mail, wants_mail],
    )
    assert queued == 1
    assert [m["To"] for m in mailbox.messages] == [wants_mail.email]
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        opted_out.pk,
        no_address.pk,
        wants_mail.pk,
    }
    assert Notification.objects.filter(recipient=wants_mail).count() == 1


def test_an_opt_out_does_not_stop_a_kind_that_is_always_sent(
    mailbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    MailOptOut.objects.create(user=person, kind=ALWAYS)
    _run(django_capture_on_commit_callbacks, _notice, [person], kind=ALWAYS)
    assert len(mailbox.messages) == 1


def test_nothing_leaves_when_the_change_is_rolled_back(mailbox, django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _notice([person])
        transaction.set_rollback(True)
    assert callbacks == []
    assert mailbox.messages == []
    assert not Notification.objects.exists()


def test_plain_text_is_not_html_escaped(mailbox, django_capture_on_commit_callbacks):
    person = UserFactory()
    _run(django_capture_on_commit_callbacks, _notice, [person], title='Børn & unge "nu"')
    assert mailbox.messages[0]["Subject"] == 'Børn & unge "nu"'
    assert Notification.objects.get().title == 'Børn & unge "nu"'


@pytest.mark.parametrize("key", [k.key for k in mail_kinds()])
def test_every_kind_carries_the_unsubscribe_headers_it_promises(
    key, mailbox, django_capture_on_commit_callbacks
):
    kind = mail_kind(key)
    person = UserFactory()
    _run(django_capture_on_commit_callbacks, _notice, [person], kind=key)
    message = mailbox.messages[0]
    if kind.unsubscribable:
        url = message["List-Unsubscribe"].strip("<>")
        assert url.startswith("http")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        token = url.rstrip("/").rsplit("/", 1)[-1]
        assert unsubscribe_token_read(token) == (person, kind)
        assert url in mailbox.body_of(message)
    else:
        assert message["List-Unsubscribe"] is None
        assert message["List-Unsubscribe-Post"] is None


def test_an_address_gets_the_mail_but_no_notification_or_unsubscribe(
    mailbox, django_capture_on_commit_callbacks
):
    _run(
        django_capture_on_commit_callbacks,
        _notice,
        [Address("byraad@aarhus.example.dk", language="en")],
        kind="proposals.secretariat",
    )
    message = mailbox.messages[0]
    assert message["To"] == "byraad@aarhus.example.dk"
    assert message["List-Unsubscribe"] is None
    assert "Dear" not in mailbox.body_of(message)
    assert not Notification.objects.exists()


def test_an_address_cannot_get_a_kind_meant_to_be_turned_off():
    with pytest.raises(ImproperlyConfigured):
        _notice([Address("someone@example.dk")])


def test_the_kinds_are_declared_by_every_module_that_mails():
    modules = {k.key.split(".")[0] for k in mail_kinds()}
    assert modules == {
        "advice",
        "council",
        "event_followup",
        "events",
        "grants",
        "housing",
        "plans",
        "procurement_clauses",
        "procurement_enterprises",
        "proposals",
        "school",
        "support",
        "support_tax",
        "threads",
        "whistleblowing",
    }
    assert not mail_kind("whistleblowing.activity").unsubscribable
    assert not mail_kind("grants.receipt").unsubscribable
    assert not mail_kind("grants.decision").unsubscribable
