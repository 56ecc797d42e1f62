"""Handler changes need a handler: tried as an attacker with write access to the database would.

docs/whistleblowing.md, "Handler keys"; whistleblowing/approvals.py and services/channels.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory
from socius.whistleblowing import approvals, crypto
from socius.whistleblowing.models import (
    Channel,
    HandlerKey,
    HandlerKeyApproval,
    ReportKeyGrant,
)
from socius.whistleblowing.services import channels, handling
from socius.whistleblowing.tests.conftest import (
    PASSPHRASE,
    fingerprint_of,
    latest_report,
    private_key_of,
    submit,
    unlocked_client,
)

pytestmark = pytest.mark.django_db


def _intruder_with_key():
    """A person the database writer controls, with a key pair he made himself."""
    intruder = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Ivan Indtrænger")
    handling.handler_key_create(actor=intruder, passphrase=PASSPHRASE)
    return intruder


def _grants(user):
    return ReportKeyGrant.objects.filter(user=user).count()


def test_adding_oneself_by_the_orm_with_a_planted_key_gets_no_report(channel, handler):
    submit(Client(), channel)
    intruder = _intruder_with_key()
    channel.handlers.add(intruder)  # straight into the database: no service, no audit
    unlocked_client(handler)  # the next real unlock
    assert _grants(intruder) == 0
    submit(Client(), channel)  # and no new report is sealed to him either
    assert not latest_report().grants.filter(user=intruder).exists()
    assert latest_report().grants.count() == 2


def test_planted_approval_rows_get_no_report(channel, handler, handler2):
    submit(Client(), channel)
    intruder = _intruder_with_key()
    channel.handlers.add(intruder)
    public = bytes(HandlerKey.objects.get(user=intruder).public_key)
    genuine = HandlerKeyApproval.objects.get(channel=channel, user=handler2)
    # A forged handler approval "by" the real handler, a genuine signature copied from
    # another approval, and a complete-looking first-handler approval with a made-up seal.
    HandlerKeyApproval.objects.create(
        channel=channel,
        user=intruder,
        public_key=public,
        method="handler",
        approved_by=handler,
        signature=bytes(64),
        server_seal="0" * 64,
    )
    HandlerKeyApproval.objects.create(
        channel=channel,
        user=intruder,
        public_key=public,
        method="handler",
        approved_by=handler,
        signature=bytes(genuine.signature),
        server_seal=genuine.server_seal,
    )
    HandlerKeyApproval.objects.create(
        channel=channel,
        user=intruder,
        public_key=public,
        method="first",
        approved_by=handler,
        confirmed_by=handler2,
        server_seal="f" * 64,
    )
    unlocked_client(handler)
    unlocked_client(handler2)
    assert _grants(intruder) == 0
    assert intruder.pk not in approvals.channel_keys(channel)
    submit(Client(), channel)
    assert not latest_report().grants.filter(user=intruder).exists()


def test_a_key_swapped_after_approval_is_no_longer_approved(channel, handler, handler2):
    submit(Client(), channel)
    report = latest_report()
    attacker = crypto.keypair_generate()
    # The database writer drops handler2's grant and swaps in his own public key.
    ReportKeyGrant.objects.filter(user=handler2).delete()
    HandlerKey.objects.filter(user=handler2).update(public_key=attacker.public)
    unlocked_client(handler)
    assert not ReportKeyGrant.objects.filter(report=report, user=handler2).exists()
    assert handler2.pk not in approvals.channel_keys(channel)
    submit(Client(), channel)
    for grant in latest_report().grants.all():
        with pytest.raises(crypto.DecryptionError):
            crypto.unseal(attacker.private, bytes(grant.sealed_private_key))


def test_a_removed_handler_put_back_by_the_orm_gets_nothing(channel, handler, handler2):
    submit(Client(), channel)
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    channels.handler_remove(actor=admin, channel=channel, user=handler2)
    assert _grants(handler2) == 0  # the report keys went with the membership
    channel.handlers.add(handler2)  # straight into the database
    unlocked_client(handler)
    assert _grants(handler2) == 0
    submit(Client(), channel)
    assert not latest_report().grants.filter(user=handler2).exists()


def test_the_legitimate_path_approves_with_the_fingerprint_and_grants(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    newcomer = _intruder_with_key()
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    channels.handler_add(actor=admin, channel=channel, user=newcomer)
    client = unlocked_client(handler)
    url = f"/whistleblower/behandling/kanal/{channel.slug}/noegler/{newcomer.pk}/godkend/"
    # A fingerprint that is not the key's (the key changed since the page was shown): refused.
    client.post(url, {"fingerprint": "0000 " * 8, "matches": "on"})
    # Without confirming the comparison: refused.
    client.post(url, {"fingerprint": fingerprint_of(newcomer)})
    assert _grants(newcomer) == 0
    client.post(url, {"fingerprint": fingerprint_of(newcomer), "matches": "on"})
    assert ReportKeyGrant.objects.filter(report=report, user=newcomer).exists()
    submit(Client(), channel)
    assert latest_report().grants.filter(user=newcomer).exists()


def test_only_an_approved_handler_may_approve_and_never_himself(channel, handler):
    intruder = _intruder_with_key()
    channel.handlers.add(intruder)
    friend = _intruder_with_key()
    channel.handlers.add(friend)
    with pytest.raises(PermissionDenied):
        channels.handler_key_approve(
            actor=intruder,
            channel=channel,
            user=friend,
            fingerprint=fingerprint_of(friend),
            approver_private_key=private_key_of(intruder),
        )
    with pytest.raises(ValidationError):
        channels.handler_key_approve(
            actor=handler,
            channel=channel,
            user=handler,
            fingerprint=fingerprint_of(handler),
            approver_private_key=private_key_of(handler),
        )
    # Someone else's private key (not the approver's own) is refused too.
    with pytest.raises(PermissionDenied):
        channels.handler_key_approve(
            actor=handler,
            channel=channel,
            user=friend,
            fingerprint=fingerprint_of(friend),
            approver_private_key=private_key_of(intruder),
        )
    client = Client()
    client.force_login(intruder)
    url = f"/whistleblower/behandling/kanal/{channel.slug}/noegler/"
    assert client.get(url).status_code == 200  # a handler of the channel sees the page
    outsider = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}{friend.pk}/godkend/", {}).status_code == 404
    assert client.get(f"{url}{friend.pk}/godkend/").status_code == 405


def test_the_first_handler_needs_an_administrator_and_a_different_custodian(db):
    channel = Channel.objects.create(slug="ny", name="Ny kanal")
    first = _intruder_with_key()
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    custodian = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    channels.handler_add(actor=admin, channel=channel, user=first)
    assert not approvals.channel_receives(channel)
    page = Client()
    page.force_login(admin)
    listing = page.get("/whistleblower/behandling/kanaler/").content.decode()
    assert fingerprint_of(first) in listing
    response = page.post(
        f"/whistleblower/behandling/kanaler/{channel.slug}/noegler/{first.pk}/godkend/",
        {"fingerprint": fingerprint_of(first), "matches": "on"},
    )
    assert response.status_code == 302
    approval = HandlerKeyApproval.objects.get(channel=channel, user=first)
    assert not approvals.channel_receives(channel)  # one person is not enough
    confirm = f"/whistleblower/behandling/kanaler/godkendelse/{approval.pk}/bekraeft/"
    page.post(confirm, {"fingerprint": fingerprint_of(first), "matches": "on"})
    assert not approvals.channel_receives(channel)  # the same administrator cannot confirm
    with pytest.raises(PermissionDenied):  # nor the new handler
        channels.first_handler_confirm(
            actor=first, approval=approval, fingerprint=fingerprint_of(first)
        )
    handler_page = Client()
    handler_page.force_login(first)
    assert handler_page.post(confirm, {}).status_code == 403
    custodian_page = Client()
    custodian_page.force_login(custodian)
    custodian_page.post(confirm, {"fingerprint": fingerprint_of(first), "matches": "on"})
    assert approvals.channel_receives(channel)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"whistle.key.first_proposed", "whistle.key.first_confirmed"} <= actions
    # Once the channel has a handler, the administrator's path is closed.
    second = _intruder_with_key()
    channels.handler_add(actor=admin, channel=channel, user=second)
    with pytest.raises(ValidationError):
        channels.first_handler_propose(
            actor=admin, channel=channel, user=second, fingerprint=fingerprint_of(second)
        )


def test_a_first_handler_approval_gives_no_earlier_report(channel, handler):
    """The administrator's path is for a channel nobody can read; it never unlocks the past."""
    submit(Client(), channel)
    intruder = _intruder_with_key()
    channel.handlers.add(intruder)
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    with pytest.raises(ValidationError):
        channels.first_handler_propose(
            actor=admin, channel=channel, user=intruder, fingerprint=fingerprint_of(intruder)
        )
    unlocked_client(handler)
    assert _grants(intruder) == 0


def test_adding_in_the_django_admin_is_audited_and_mailed_to_the_handlers(
    channel, handler, handler2, mailbox, django_capture_on_commit_callbacks
):
    superuser = UserFactory(is_superuser=True, is_staff=True, totp=True)
    newcomer = UserFactory(roles=[Role.CASE_HANDLER], totp=True, name="Nina Ny")
    client = Client()
    client.force_login(superuser)
    url = f"/django-admin/whistleblowing/channel/{channel.pk}/change/"
    assert client.get(url).status_code == 200
    data = {
        "slug": channel.slug,
        "name": channel.name,
        "description": "",
        "municipality": "",
        "handlers": [handler.pk, handler2.pk, newcomer.pk],
        "retention_days": channel.retention_days,
        "reporter_access_days": channel.reporter_access_days,
        "is_active": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert channel.handlers.filter(pk=newcomer.pk).exists()
    entry = AuditEntry.objects.filter(action="whistle.handler.added").order_by("-id").first()
    assert entry.actor_id == superuser.pk
    assert entry.data == {"handler": newcomer.pk}
    recipients = {m["To"] for m in mailbox.messages}
    assert recipients == {handler.email, handler2.email}
    body = mailbox.body_of(mailbox.messages[0])
    assert "Nina Ny" in body
    assert "/noegler/" in body
    # Someone without the case handler role cannot be added, and nothing is written.
    outsider = UserFactory(roles=[Role.CITIZEN])
    data["handlers"] = [handler.pk, handler2.pk, newcomer.pk, outsider.pk]
    response = client.post(url, data)
    assert response.status_code == 200
    assert not channel.handlers.filter(pk=outsider.pk).exists()
    # Removing in the admin is audited too.
    data["handlers"] = [handler.pk, handler2.pk]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    assert AuditEntry.objects.filter(action="whistle.handler.removed").count() == 1
    assert not channel.handlers.filter(pk=newcomer.pk).exists()


def test_the_service_checks_permission_before_writing(channel):
    newcomer = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    handler_only = channel.handlers.first()
    with pytest.raises(PermissionDenied):
        channels.handler_add(actor=handler_only, channel=channel, user=newcomer)
    assert not channel.handlers.filter(pk=newcomer.pk).exists()
    assert not AuditEntry.objects.filter(
        action="whistle.handler.added", data__handler=newcomer.pk
    ).exists()
