"""The handler's side through the pages: keys, inbox, states, identity, exports, audit."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socius.core.audit import audit_verify
from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.tests_support.csv_rule import csv_rows_checked
from socius.tests_support.factories import UserFactory
from socius.whistleblowing.models import HandlerKey, IdentityRequest, Message, ReportKeyGrant
from socius.whistleblowing.services import channels, handling
from socius.whistleblowing.tests.conftest import (
    PASSPHRASE,
    fingerprint_of,
    handlers_approved,
    latest_report,
    open_inbox,
    submit,
    unlocked_client,
)

pytestmark = pytest.mark.django_db


def _case_url(report):
    return f"/whistleblower/behandling/sag/{report.public_id}/"


def test_a_handler_makes_a_key_and_sees_the_recovery_key_once(db):
    user = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    client = Client()
    client.force_login(user)
    assert (
        "Make my key" in client.get("/whistleblower/behandling/").content.decode()
        or HandlerKey.objects.count() == 0
    )
    response = client.post(
        "/whistleblower/behandling/noegle/ny/",
        {"passphrase": PASSPHRASE, "passphrase2": PASSPHRASE},
    )
    recovery = re.search(r'id="recovery-key">([A-Z2-7-]+)<', response.content.decode())
    assert recovery
    key = HandlerKey.objects.get(user=user)
    assert recovery.group(1).replace("-", "").encode() not in bytes(key.private_under_recovery)
    assert recovery.group(1) not in client.get("/whistleblower/behandling/").content.decode()


def test_the_case_needs_an_unlocked_key(channel, handler):
    submit(Client(), channel)
    client = Client()
    client.force_login(handler)
    response = client.get(_case_url(latest_report()))
    assert response.status_code == 302
    assert response.url == "/whistleblower/behandling/"
    response = client.post(
        "/whistleblower/behandling/noegle/laas-op/", {"passphrase": "wrong passphrase!"}
    )
    assert response.status_code == 200
    assert client.get(_case_url(latest_report())).status_code == 302


def test_the_whole_case_from_received_to_closed(channel, handler, custodian):
    reporter = Client()
    _, receipt = submit(reporter, channel)
    report = latest_report()
    client = unlocked_client(handler)
    inbox = client.get(f"/whistleblower/behandling/kanal/{channel.slug}/").content.decode()
    assert report.short_id in inbox
    page = client.get(_case_url(report)).content.decode()
    assert "hemmelig-markør-7731" in page
    steps = [
        ("acknowledge", {"message": "Tak, vi har modtaget din indberetning."}),
        ("assess_in", {}),
        ("investigate", {"message": "Hvornår så du fakturaerne?"}),
        ("feedback", {"message": "Vi har undersøgt sagen og ændret procedurerne."}),
        ("close", {}),
    ]
    for name, extra in steps:
        response = client.post(_case_url(report) + "status/", {"transition": name, **extra})
        assert response.status_code == 302, name
    report.refresh_from_db()
    assert report.state == "closed"
    assert report.acknowledged_on
    assert report.closed_on
    open_inbox(reporter, receipt)
    page = reporter.get("/whistleblower/indbakke/").content.decode()
    assert "Hvornår så du fakturaerne?" in page
    assert "ændret procedurerne" in page
    actions = list(
        AuditEntry.objects.filter(target_id=str(report.pk)).values_list("action", flat=True)
    )
    assert actions.count("whistle.case.state") == 5
    assert "whistle.case.viewed" in actions
    assert all(isinstance(x, int) for x in audit_verify())


def test_a_step_out_of_order_or_without_its_message_is_refused(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    client = unlocked_client(handler)
    response = client.post(_case_url(report) + "status/", {"transition": "close"})
    assert response.status_code == 200
    assert "ikke muligt" in response.content.decode()
    response = client.post(
        _case_url(report) + "status/", {"transition": "acknowledge", "message": " "}
    )
    assert "Skriv en besked" in response.content.decode()
    client.post(_case_url(report) + "status/", {"transition": "acknowledge", "message": "ok"})
    response = client.post(
        _case_url(report) + "status/", {"transition": "assess_out", "message": "m"}
    )
    assert "Skriv begrundelsen" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "acknowledged"


def test_identity_needs_a_legal_ground_and_another_persons_approval(channel, handler, custodian):
    reporter = Client()
    _, receipt = submit(reporter, channel, identity="Jens Jensen, tlf. 12345678")
    report = latest_report()
    handling.handler_key_create(actor=custodian, passphrase=PASSPHRASE)
    client = unlocked_client(handler)
    assert "Jens Jensen" not in client.get(_case_url(report)).content.decode()
    client.post(_case_url(report) + "identitet/", {"legal_ground": ""})
    assert IdentityRequest.objects.count() == 0
    client.post(
        _case_url(report) + "identitet/",
        {"legal_ground": "Politiet efterforsker sagen (retsplejeloven)."},
    )
    request = IdentityRequest.objects.get()
    # The requester cannot approve their own request, nor can a handler without the capability.
    with pytest.raises(ValidationError, match="kustode"):
        handling.identity_decide(actor=handler, request=request, approve=True)
    assert "Jens Jensen" not in client.get(_case_url(report) + "?identity=1").content.decode()
    locked = Client()
    locked.force_login(custodian)
    listing = locked.get("/whistleblower/behandling/identitet/").content.decode()
    assert "retsplejeloven" not in listing  # sealed to the custodian's key, which is locked
    assert 'value="approve"' not in listing
    custodian_client = unlocked_client(custodian)
    listing = custodian_client.get("/whistleblower/behandling/identitet/").content.decode()
    assert "retsplejeloven" in listing
    assert "hemmelig-markør" not in listing
    custodian_client.post(
        "/whistleblower/behandling/identitet/", {"request": request.pk, "decision": "approve"}
    )
    assert "Jens Jensen" in client.get(_case_url(report) + "?identity=1").content.decode()
    # The reporter got the written notice with the legal ground.
    open_inbox(reporter, receipt)
    assert "retsplejeloven" in reporter.get("/whistleblower/indbakke/").content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "whistle.identity.requested",
        "whistle.identity.decided",
        "whistle.identity.viewed",
    } <= actions


def test_an_identity_request_needs_a_custodian_with_a_key_to_read_its_ground(
    channel, handler, custodian
):
    submit(Client(), channel, identity="Jens Jensen")
    report = latest_report()
    client = unlocked_client(handler)
    response = client.post(_case_url(report) + "identitet/", {"legal_ground": "Retsplejeloven"})
    assert "Ingen kustode har en nøgle" in response.content.decode()
    assert IdentityRequest.objects.count() == 0
    # A custodian who gets a key after the request cannot read it, so cannot decide it.
    other = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    handling.handler_key_create(actor=other, passphrase=PASSPHRASE)
    request = handling.identity_request(actor=handler, report=report, legal_ground="Retsplejeloven")
    handling.handler_key_create(actor=custodian, passphrase=PASSPHRASE)
    with pytest.raises(ValidationError, match="forseglet"):
        handling.identity_decide(actor=custodian, request=request, approve=True)
    listing = unlocked_client(custodian).get("/whistleblower/behandling/identitet/")
    assert "Retsplejeloven" not in listing.content.decode()
    handling.identity_decide(actor=other, request=request, approve=False)


def test_the_custodian_cannot_read_the_report(channel, custodian):
    submit(Client(), channel)
    client = Client()
    client.force_login(custodian)
    assert client.get(_case_url(latest_report())).status_code == 404


def test_a_superuser_who_is_not_a_handler_cannot_read_the_report(channel):
    submit(Client(), channel)
    admin = UserFactory(is_superuser=True, is_staff=True, totp=True)
    client = Client()
    client.force_login(admin)
    assert client.get(_case_url(latest_report())).status_code == 404
    assert client.get("/django-admin/whistleblowing/report/").status_code == 404


def test_outsider_and_citizen_are_denied(channel, citizen, outsider):
    submit(Client(), channel)
    for user in (citizen, outsider):
        client = Client()
        client.force_login(user)
        # a case may not be known to exist: 404, as for a missing one
        assert client.get(_case_url(latest_report())).status_code == 404
        # the handlers' pages are known to exist: 403 without the role
        assert client.get("/whistleblower/behandling/").status_code == 403
        assert client.get(f"/whistleblower/behandling/kanal/{channel.slug}/").status_code == 403


def test_ids_swapped_across_channels_are_not_found(channel, other_channel, handler):
    submit(Client(), other_channel)
    foreign = latest_report()
    client = unlocked_client(handler)
    assert client.get(_case_url(foreign)).status_code == 404
    assert client.get(f"/whistleblower/behandling/kanal/{other_channel.slug}/").status_code == 404
    submit(Client(), channel, attachments=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")])
    own = latest_report()
    attachment = own.attachments.get()
    assert client.get(f"{_case_url(foreign)}fil/{attachment.public_id}/").status_code == 404
    assert client.get(f"{_case_url(own)}fil/{attachment.public_id}/").status_code == 200


def test_an_excluded_handler_sees_nothing(channel, handler, handler2):
    submit(Client(), channel, exclude=[str(handler2.pk)])
    report = latest_report()
    client = unlocked_client(handler2)
    assert client.get(_case_url(report)).status_code == 404
    assert (
        report.short_id
        not in client.get(f"/whistleblower/behandling/kanal/{channel.slug}/").content.decode()
    )


def test_exports_are_logged_and_csv_is_formula_safe(channel, handler):
    submit(Client(), channel, who='=HYPERLINK("http://evil")')
    report = latest_report()
    client = unlocked_client(handler)
    csv_response = client.get(f"{_case_url(report)}eksport.csv")
    assert csv_response.status_code == 200
    text = csv_response.content.decode()
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text
    assert ",=HYPERLINK" not in text
    # The house rule since the core CSV helper: BOM and ';' (it used ',' before).
    assert ";=HYPERLINK" not in text
    rows = csv_rows_checked(csv_response)
    assert rows[0] == ["Felt", "Værdi"]
    assert ["Hvem er involveret?", '\'=HYPERLINK("http://evil")'] in rows
    assert "no-store" in csv_response["Cache-Control"]
    pdf = client.get(f"{_case_url(report)}eksport.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="whistle.case.exported").count() == 2


def test_a_new_handler_gets_access_when_a_colleague_approves_the_key(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    newcomer = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    admin = UserFactory(roles=[Role.ADMINISTRATOR], totp=True)
    channels.handler_add(actor=admin, channel=channel, user=newcomer)
    handling.handler_key_create(actor=newcomer, passphrase=PASSPHRASE)
    client = unlocked_client(handler)
    # Unlocking alone gives an unapproved key nothing.
    assert not ReportKeyGrant.objects.filter(report=report, user=newcomer).exists()
    fingerprint = fingerprint_of(newcomer)
    own_page = unlocked_client(newcomer).get("/whistleblower/behandling/").content.decode()
    assert fingerprint in own_page
    keys_url = f"/whistleblower/behandling/kanal/{channel.slug}/noegler/"
    assert fingerprint in client.get(keys_url).content.decode()
    response = client.post(
        f"{keys_url}{newcomer.pk}/godkend/", {"fingerprint": fingerprint, "matches": "on"}
    )
    assert response.status_code == 302
    assert ReportKeyGrant.objects.filter(report=report, user=newcomer).exists()
    assert unlocked_client(newcomer).get(_case_url(report)).status_code == 200
    assert AuditEntry.objects.filter(action="whistle.key.approved", actor=handler).exists()


def test_the_recovery_key_sets_a_new_passphrase(db):
    user = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    recovery = handling.handler_key_create(actor=user, passphrase=PASSPHRASE)
    client = Client()
    client.force_login(user)
    response = client.post(
        "/whistleblower/behandling/noegle/gendan/",
        {
            "recovery_key": recovery,
            "new_passphrase": "another long passphrase",
        },
    )
    assert response.status_code == 302
    assert handling.handler_key_unlock(
        actor=user, session_key="s", passphrase="another long passphrase"
    )
    assert not handling.handler_key_unlock(actor=user, session_key="s", passphrase=PASSPHRASE)


def test_losing_passphrase_and_recovery_key_loses_access_for_good(db, settings):
    from socius.whistleblowing.models import Channel

    user = UserFactory(roles=[Role.CASE_HANDLER], totp=True)
    handling.handler_key_create(actor=user, passphrase=PASSPHRASE)
    channel = Channel.objects.create(slug="eneste", name="Eneste")
    handlers_approved(channel, user)
    submit(Client(), channel)
    report = latest_report()
    client = Client()
    client.force_login(user)
    client.post("/whistleblower/behandling/noegle/laas-op/", {"passphrase": "forgotten passphrase"})
    client.post(
        "/whistleblower/behandling/noegle/gendan/",
        {
            "recovery_key": "AAAA-" * 13,
            "new_passphrase": "another long passphrase",
        },
    )
    assert client.get(_case_url(report)).status_code == 302
    # Nothing in the database opens the report without one of the two secrets.
    grant = ReportKeyGrant.objects.get(report=report)
    assert grant.user == user
    assert report.grants.count() == 1
    assert AuditEntry.objects.filter(action="whistle.key.unlock_failed").count() == 2


def test_handler_messages_and_minutes(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    client = unlocked_client(handler)
    client.post(_case_url(report) + "besked/", {"kind": "minutes", "body": "Referat"})
    client.post(_case_url(report) + "besked/", {"kind": "bogus", "body": "x"})
    assert list(report.messages.values_list("kind", flat=True)) == [Message.Kind.MINUTES]


def test_logout_drops_the_unlocked_key_and_the_old_session(channel, handler):
    submit(Client(), channel)
    report = latest_report()
    client = unlocked_client(handler)
    old_session = client.cookies["sessionid"].value
    assert client.get(_case_url(report)).status_code == 200
    client.post("/konto/logout/")
    replay = Client()
    replay.cookies["sessionid"] = old_session
    assert replay.get(_case_url(report)).status_code == 302
    assert "login" in replay.get(_case_url(report)).url
