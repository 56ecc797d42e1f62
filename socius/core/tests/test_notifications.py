"""The notification list, the e-mail settings and the unsubscribe link (RFC 8058)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from socius.core import mail
from socius.core.mail import mail_kind, notify, unsubscribe_token
from socius.core.models import AuditEntry, MailOptOut, Notification
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = "/mit/notifikationer/"
PREFERENCES = "/mit/notifikationer/indstillinger/"


def _notify(person, title="Nyt om din sag", kind="advice.request", link="/tilskud/"):
    notify(
        recipients=[person],
        kind=mail_kind(kind),
        template="core/mail/notice",
        context={"title": title, "text": "Tekst."},
        link=link,
    )


# --- the list ------------------------------------------------------------------------------


def test_the_urls_are_the_agreed_ones():
    assert reverse("core:notification-list") == LIST
    assert reverse("core:notification-preferences") == PREFERENCES
    assert reverse("core:unsubscribe", args=["x"]) == "/afmeld/x/"


@pytest.mark.parametrize("url", [LIST, PREFERENCES])
def test_an_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_the_list_shows_only_my_notifications_newest_first_with_unread_marked(
    client, citizen, outsider
):
    _notify(citizen, "Første besked")
    _notify(citizen, "Anden besked")
    _notify(outsider, "En andens besked")
    Notification.objects.filter(title="Første besked").update(
        created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(citizen)
    page = client.get(LIST).text
    assert page.index("Anden besked") < page.index("Første besked")
    assert "En andens besked" not in page
    assert page.count(">Ny<") == 2
    assert 'href="/tilskud/"' in page


def test_marking_one_and_all_read(client, citizen):
    _notify(citizen, "Første")
    _notify(citizen, "Anden")
    first = Notification.objects.get(title="Første")
    client.force_login(citizen)
    response = client.post(reverse("core:notification-read", args=[first.public_id]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    response = client.post(reverse("core:notification-read-all"), follow=True)
    assert "Alle notifikationer er markeret som læst." in response.text
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_another_persons_notification_is_not_found(client, citizen, outsider):
    _notify(outsider, "Ikke din")
    theirs = Notification.objects.get()
    client.force_login(citizen)
    assert (
        client.post(reverse("core:notification-read", args=[theirs.public_id])).status_code == 404
    )
    assert client.post(reverse("core:notification-read", args=[uuid.uuid4()])).status_code == 404
    assert client.post(f"{LIST}ikke-et-id/laest/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # marking all read touches only my own
    client.post(reverse("core:notification-read-all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_is_post_only(client, citizen):
    _notify(citizen)
    client.force_login(citizen)
    n = Notification.objects.get()
    assert client.get(reverse("core:notification-read", args=[n.public_id])).status_code == 405
    assert client.get(reverse("core:notification-read-all")).status_code == 405


@pytest.mark.parametrize("side", ["999999999", "-1", "abc", "1e9", "%00"])
def test_hostile_page_numbers_give_a_page(client, citizen, side):
    _notify(citizen)
    client.force_login(citizen)
    response = client.get(LIST, {"side": side})
    assert response.status_code == 200
    assert "Nyt om din sag" in response.text


def test_the_list_is_paged(client, citizen):
    for i in range(30):
        _notify(citizen, f"Besked {i:02d}")
    client.force_login(citizen)
    first = client.get(LIST).text
    assert "Besked 29" in first
    assert "Besked 04" not in first
    assert "Besked 04" in client.get(LIST, {"side": 2}).text


def test_the_header_shows_the_unread_count(client, citizen):
    client.force_login(citizen)
    assert "ulæste" not in client.get(LIST).text
    _notify(citizen)
    _notify(citizen)
    page = client.get("/").text
    assert reverse("core:notification-list") in page
    assert '2<span class="sr-only"> ulæste</span>' in page


# --- e-mail settings ------------------------------------------------------------------------


def test_a_person_turns_a_kind_off_and_on(client, citizen):
    client.force_login(citizen)
    page = client.get(PREFERENCES).text
    assert "Nyt om din organisations henvendelser om fællesskabsrådgivning" in page
    assert "Altid sendt" in page
    # every box that is not sent is off
    response = client.post(PREFERENCES, {"proposals.status": "on"}, follow=True)
    assert "Dine e-mailindstillinger er gemt." in response.text
    off = set(MailOptOut.objects.filter(user=citizen).values_list("kind", flat=True))
    assert "advice.request" in off
    assert "proposals.status" not in off
    assert AuditEntry.objects.filter(action="core.mail.preferences_changed").count() == 1
    client.post(PREFERENCES, {"advice.request": "on"})
    assert not MailOptOut.objects.filter(user=citizen, kind="advice.request").exists()


def test_staff_kinds_are_shown_to_staff_only_and_forged_keys_are_ignored(client, citizen):
    client.force_login(citizen)
    page = client.get(PREFERENCES).text
    assert "rådgivere" not in page  # "New requests for community advice (advisors)"
    client.post(
        PREFERENCES,
        {"advice.queue": "", "grants.receipt": "", "made.up": "", "'; DROP TABLE": ""},
    )
    off = set(MailOptOut.objects.filter(user=citizen).values_list("kind", flat=True))
    assert "advice.queue" not in off  # not a kind this person can receive
    assert "grants.receipt" not in off  # always sent
    assert "made.up" not in off
    advisor = UserFactory(roles=[Role.ADVISOR], totp=True)
    client.force_login(advisor)
    assert "Nye henvendelser om fællesskabsrådgivning (rådgivere)" in client.get(PREFERENCES).text


def test_the_settings_speak_english_when_chosen(client, citizen):
    client.force_login(citizen)
    client.get("/sprog/en/")
    page = client.get(PREFERENCES).text
    assert "E-mail settings" in page
    assert "News about your organisation&#x27;s requests for community advice" in page


def test_an_opted_out_person_still_sees_the_notification(client, citizen, mailbox):
    MailOptOut.objects.create(user=citizen, kind="advice.request")
    _notify(citizen, "Kun på listen")
    client.force_login(citizen)
    assert "Kun på listen" in client.get(LIST).text


# --- unsubscribe ----------------------------------------------------------------------------


def _token(person, kind="advice.request"):
    return unsubscribe_token(person, mail_kind(kind))


def test_get_only_asks_and_changes_nothing(citizen):
    response = Client().get(reverse("core:unsubscribe", args=[_token(citizen)]))
    assert response.status_code == 200
    assert "Ja, stop disse e-mails" in response.text
    assert not MailOptOut.objects.exists()


def test_one_click_post_from_a_mail_client_unsubscribes_without_login_or_csrf(citizen):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("core:unsubscribe", args=[_token(citizen)]),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert MailOptOut.objects.filter(user=citizen, kind="advice.request").exists()
    assert AuditEntry.objects.filter(action="core.mail.unsubscribed").count() == 1
    # a second click changes nothing and still answers kindly
    again = client.post(reverse("core:unsubscribe", args=[_token(citizen)]))
    assert again.status_code == 200
    assert MailOptOut.objects.filter(user=citizen).count() == 1
    assert AuditEntry.objects.filter(action="core.mail.unsubscribed").count() == 1


def test_the_confirm_button_unsubscribes_in_the_persons_language(mailbox):
    briton = UserFactory(language="en")
    url = reverse("core:unsubscribe", args=[_token(briton)])
    assert "Yes, stop these e-mails" in Client().get(url).text
    response = Client().post(url)
    assert "You will no longer get e-mails about" in response.text


def test_a_token_only_turns_off_its_own_kind_for_its_own_person(citizen, outsider):
    Client().post(reverse("core:unsubscribe", args=[_token(citizen)]))
    assert list(MailOptOut.objects.values_list("user_id", "kind")) == [
        (citizen.pk, "advice.request")
    ]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # altered signature
        lambda t: t.split(":")[0],  # cut off
        lambda t: "x" * 40,
        lambda t: t + "<script>",
    ],
)
def test_a_tampered_token_is_refused_with_a_clear_message(citizen, mangle):
    url = reverse("core:unsubscribe", args=["PLACEHOLDER"]).replace(
        "PLACEHOLDER", mangle(_token(citizen))
    )
    for response in (Client().get(url), Client().post(url)):
        assert response.status_code in (400, 404)
        if response.status_code == 400:
            assert "Linket er ikke gyldigt" in response.text
    assert not MailOptOut.objects.exists()


def test_a_token_signed_for_another_purpose_or_kind_is_refused(citizen):
    forged = [
        signing.dumps({"u": str(citizen.public_id), "k": "advice.request"}, salt="other"),
        signing.dumps({"u": str(citizen.public_id), "k": "grants.receipt"}, salt=mail.UNSUBSCRIBE_SALT),
        signing.dumps({"u": str(citizen.public_id), "k": "made.up"}, salt=mail.UNSUBSCRIBE_SALT),
        signing.dumps({"u": "not-a-uuid", "k": "advice.request"}, salt=mail.UNSUBSCRIBE_SALT),
        signing.dumps(["advice.request"], salt=mail.UNSUBSCRIBE_SALT),
    ]  # fmt: skip
    for token in forged:
        response = Client().post(reverse("core:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Linket er ikke gyldigt" in response.text
    assert not MailOptOut.objects.exists()


def test_an_expired_token_is_refused_with_a_clear_message(citizen, monkeypatch):
    token = _token(citizen)
    monkeypatch.setattr(mail, "UNSUBSCRIBE_MAX_AGE", datetime.timedelta(seconds=-1))
    response = Client().post(reverse("core:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "Linket er udløbet." in response.text
    assert not MailOptOut.objects.exists()


def test_a_deleted_account_cannot_be_unsubscribed(citizen):
    token = _token(citizen)
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    assert Client().post(reverse("core:unsubscribe", args=[token])).status_code == 400


# --- personal data --------------------------------------------------------------------------


def test_notifications_and_settings_are_exported_and_erased(citizen, outsider):
    _notify(citizen, "Til eksport")
    _notify(outsider, "Bliver")
    MailOptOut.objects.create(user=citizen, kind="proposals.status")
    data = personal_data_export(citizen)["notifications"]
    assert [n["title"] for n in data["notifications"]] == ["Til eksport"]
    assert data["email_turned_off"] == ["proposals.status"]
    personal_data_erase(citizen)
    assert not Notification.objects.filter(recipient=citizen).exists()
    assert not MailOptOut.objects.filter(user=citizen).exists()
    assert Notification.objects.filter(recipient=outsider).exists()
