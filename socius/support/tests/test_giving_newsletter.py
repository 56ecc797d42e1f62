"""The newsletter through its pages and the loopback SMTP server: double opt-in, the same
answer for every address, one-click unsubscribe with RFC 8058 headers, hashes only."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from socius.support.models import NewsletterSubscription
from socius.support.services_newsletter import newsletter_mail

pytestmark = pytest.mark.django_db
COMMIT = None


@pytest.fixture
def client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks):
    global COMMIT
    COMMIT = django_capture_on_commit_callbacks


def _sign_up(client, email: str = "anna@example.dk"):
    with COMMIT(execute=True):
        return client.post(reverse("support:newsletter-signup"), {"email": email})


def _link(mailbox, index: int = -1) -> str:
    body = mailbox.messages[index].get_body().get_content()
    match = re.search(r"https?://\S+/nyhedsbrev/bekraeft/(\S+)/", body)
    assert match, body
    return match.group(1)


def test_double_opt_in_then_one_click_unsubscribe(client, mailbox):
    response = _sign_up(client)
    assert response.status_code == 302
    subscription = NewsletterSubscription.objects.get()
    assert subscription.confirmed_at is None
    secret = _link(mailbox)
    assert secret not in (subscription.confirm_hash, subscription.unsubscribe_hash)
    # GET changes nothing (mail scanners follow links)
    assert client.get(reverse("support:newsletter-confirm", args=[secret])).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(reverse("support:newsletter-confirm", args=[secret])).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    # the confirmation link works once
    assert client.post(reverse("support:newsletter-confirm", args=[secret])).status_code == 400

    mailbox.clear()
    with COMMIT(execute=True):
        assert newsletter_mail(subscription=subscription, subject="Nyt fra Socius", text="Hej") == 1
    message = mailbox.messages[-1]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    assert url in message.get_body().get_content()
    path = url.split("://", 1)[1].split("/", 1)[1]
    # RFC 8058: the mail client posts without cookies or a CSRF token
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post("/" + path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert NewsletterSubscription.objects.count() == 1  # the row is kept
    assert newsletter_mail(subscription=subscription, subject="Nyt", text="Hej") == 0


def test_the_answer_is_the_same_for_known_and_new_addresses(client, mailbox):
    new = _sign_up(client, "ny@example.dk")
    secret = _link(mailbox)
    client.post(reverse("support:newsletter-confirm", args=[secret]))
    mailbox.clear()
    known = _sign_up(client, "ny@example.dk")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert mailbox.messages == []  # a confirmed address is not mailed again


def test_signing_up_again_after_unsubscribing_needs_a_new_confirmation(client, mailbox):
    _sign_up(client)
    client.post(reverse("support:newsletter-confirm", args=[_link(mailbox)]))
    subscription = NewsletterSubscription.objects.get()
    subscription.unsubscribed_at = subscription.confirmed_at
    subscription.save()
    _sign_up(client)
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert len(mailbox.messages) == 2


@pytest.mark.parametrize(
    "email",
    ["", "not-an-address", "<script>@x.dk", "a" * 300 + "@example.dk", "a@b.dk\r\nBcc: c@d.dk"],
)
def test_hostile_addresses_are_refused(client, mailbox, email):
    response = _sign_up(client, email)
    assert response.status_code == 200
    assert not NewsletterSubscription.objects.exists()
    assert mailbox.messages == []


@pytest.mark.parametrize("secret", ["nope", "x" * 500, "%3Cscript%3E"])
def test_unknown_links_are_refused(client, secret):
    assert client.post(reverse("support:newsletter-confirm", args=[secret])).status_code == 400
    assert client.post(reverse("support:newsletter-unsubscribe", args=[secret])).status_code == 400
