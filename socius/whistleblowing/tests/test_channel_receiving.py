"""Channels that can receive: nobody could read a report, so none is taken (finding L).

A channel without an active, approved handler key is not offered, refuses reports with a
pointer to the national external channel and hands out no receipt; when its last handler
leaves, the administrators are told at once."""

import pytest
from django.test import Client

from socius.accounts.services import account_delete
from socius.core.models import AuditEntry, Municipality
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.whistleblowing.models import Channel, Report
from socius.whistleblowing.selectors import channel_list_for_municipality
from socius.whistleblowing.services import channels, handling
from socius.whistleblowing.tests.conftest import PASSPHRASE, STORY, handlers_approved, pow_fields

pytestmark = pytest.mark.django_db

FORM = "/whistleblower/indberet/{}/"


def _refuses(channel):
    """The form is not offered, a post is refused, and no report or receipt comes of it."""
    client = Client()
    url = FORM.format(channel.slug)
    page = client.get(url).content.decode()
    assert "whistleblower.dk" in page
    assert "kan ikke modtage indberetninger" in page
    assert 'name="what"' not in page
    before = Report.objects.count()
    response = client.post(url, {"kind": "written", "what": STORY, "pow_challenge": "x"})
    body = response.content.decode()
    assert "whistleblower.dk" in body
    assert "<code>" not in body  # no receipt
    assert Report.objects.count() == before
    listing = client.get("/whistleblower/").content.decode()
    assert FORM.format(channel.slug) not in listing


def _lonely_channel():
    """An open channel with one approved handler, and an administrator to be told."""
    handler = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    handling.handler_key_create(actor=handler, passphrase=PASSPHRASE)
    channel = Channel.objects.create(
        slug="eneste", name="Eneste", municipality=Municipality.objects.get(code="751")
    )
    handlers_approved(channel, handler)
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True, email="admin@kommune.example")
    return channel, handler, admin


def test_a_channel_whose_handlers_have_no_key_is_not_offered_and_takes_no_report(db):
    handler = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    channel = Channel.objects.create(
        slug="uden-noegle", name="Uden nøgle", municipality=Municipality.objects.get(code="751")
    )
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    channels.handler_add(actor=admin, channel=channel, user=handler)
    _refuses(channel)
    assert channel not in channel_list_for_municipality(channel.municipality)
    # A key that nobody approved is not enough either.
    handling.handler_key_create(actor=handler, passphrase=PASSPHRASE)
    _refuses(channel)


def test_an_approved_channel_is_offered_and_takes_reports(channel):
    client = Client()
    url = FORM.format(channel.slug)
    assert url in client.get("/whistleblower/").content.decode()
    response = client.post(url, {"kind": "written", "what": STORY, **pow_fields(client, url)})
    assert "<code>" in response.content.decode()


def _told(mailbox, admin, channel):
    mails = [m for m in mailbox.messages if m["To"] == admin.email]
    assert len(mails) == 1
    assert channel.name in mailbox.body_of(mails[0])
    assert AuditEntry.objects.filter(
        action="whistle.channel.unreadable", target_id=str(channel.pk)
    ).exists()


def test_removing_the_last_handler_tells_the_administrators(
    db, mailbox, django_capture_on_commit_callbacks
):
    channel, handler, admin = _lonely_channel()
    with django_capture_on_commit_callbacks(execute=True):
        channels.handler_remove(actor=admin, channel=channel, user=handler)
    _told(mailbox, admin, channel)
    _refuses(channel)


def test_deactivating_the_last_handler_tells_the_administrators(
    db, mailbox, django_capture_on_commit_callbacks
):
    channel, handler, admin = _lonely_channel()
    with django_capture_on_commit_callbacks(execute=True):
        handler.is_active = False
        handler.save()
    _told(mailbox, admin, channel)
    _refuses(channel)


def test_the_last_handler_deleting_their_account_tells_the_administrators(
    db, mailbox, django_capture_on_commit_callbacks
):
    channel, handler, admin = _lonely_channel()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(actor=handler)
    _told(mailbox, admin, channel)
    assert not channel.handlers.filter(pk=handler.pk).exists()
    _refuses(channel)


def test_a_handler_leaving_while_another_remains_tells_no_administrator(
    channel, handler, mailbox, django_capture_on_commit_callbacks
):
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True, email="admin@kommune.example")
    with django_capture_on_commit_callbacks(execute=True):
        channels.handler_remove(actor=admin, channel=channel, user=handler)
    assert not [m for m in mailbox.messages if m["To"] == admin.email]
    assert not AuditEntry.objects.filter(action="whistle.channel.unreadable").exists()
