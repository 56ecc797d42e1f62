"""Writing and sending an issue of the newsletter through its pages, with the mail delivered
to the loopback SMTP server: only confirmed, not unsubscribed subscribers of the issue's
language get it, each once even when the sending task runs again; progress; outsiders."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.core.roles import Role
from socius.support import services_newsletter
from socius.support.models import NewsletterDelivery, NewsletterIssue, NewsletterSubscription
from socius.support.tasks import newsletter_issue_deliver
from socius.tests_support.factories import UserFactory

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


@pytest.fixture
def editor(client):
    user = UserFactory(roles=[Role.EDITOR], totp=True)
    client.force_login(user)
    return user


def _subscriber(email: str, language: str = "da", *, confirmed: bool = True,
                unsubscribed: bool = False) -> NewsletterSubscription:  # fmt: skip
    long_ago = timezone.now() - datetime.timedelta(days=3)
    return NewsletterSubscription.objects.create(
        email=email, language=language, confirm_hash=f"c-{email}",
        unsubscribe_hash=services_newsletter._hash(
            services_newsletter.newsletter_unsubscribe_secret(email)
        ),
        confirmed_at=long_ago if confirmed else None,
        unsubscribed_at=long_ago if unsubscribed else None,
    )  # fmt: skip


def _write(client, **changes: str) -> NewsletterIssue:
    data = {"subject": "Nyt fra tænketanken", "body": "Kære læser\n\nVi har nyt.",
            "language": "da"}  # fmt: skip
    data.update(changes)
    response = client.post(reverse("support:newsletter-issue-create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = NewsletterIssue.objects.get()
    assert response["Location"] == issue.get_absolute_url()
    return issue


def _recipients(mailbox) -> list[str]:
    return sorted(m["To"] for m in mailbox.messages)


def test_write_preview_and_send_to_confirmed_danish_subscribers(client, editor, mailbox):
    _subscriber("anna@example.dk")
    _subscriber("bo@example.dk")
    _subscriber("english@example.dk", "en")
    _subscriber("pending@example.dk", confirmed=False)
    _subscriber("gone@example.dk", unsubscribed=True)

    home = client.get(reverse("support:home")).content.decode()
    assert reverse("support:newsletter-issue-list") in home
    listing = client.get(reverse("support:newsletter-issue-list")).content.decode()
    assert reverse("support:newsletter-issue-create") in listing

    issue = _write(client)
    assert issue.created_by == editor
    preview = client.get(issue.get_absolute_url()).content.decode()
    assert "Preview" in preview
    assert "Vi har nyt." in preview
    assert "2 subscribers" in preview
    mailbox.clear()

    with COMMIT(execute=True):
        response = client.post(issue.get_absolute_url(), {"action": "send"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert (issue.recipients_count, issue.sent_count) == (2, 2)
    assert issue.sent_at is not None
    assert _recipients(mailbox) == ["anna@example.dk", "bo@example.dk"]
    message = mailbox.messages[0]
    assert message["Subject"] == "Nyt fra tænketanken"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].strip("<>") in message.get_body().get_content()
    assert AuditEntry.objects.filter(action="support.newsletter.issue_send").count() == 1

    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Sent to 2 of 2 subscribers." in page
    assert 'name="action" value="send"' not in page  # no second sending
    progress = client.get(reverse("support:newsletter-issue-progress", args=[issue.public_id]))
    assert progress.json() == {"sent": 2, "total": 2, "percent": 100, "done": True}


def test_each_subscriber_gets_the_issue_once_even_if_the_task_runs_again(client, editor, mailbox):
    for n in range(5):
        _subscriber(f"s{n}@example.dk", "en" if n % 2 else "da")
    issue = _write(client, language="both")
    mailbox.clear()
    with COMMIT(execute=True):
        client.post(issue.get_absolute_url(), {"action": "send"})
    assert len(mailbox.messages) == 5
    # the task run again (a worker died after its work, or it was enqueued twice)
    with COMMIT(execute=True):
        newsletter_issue_deliver.enqueue(issue_id=issue.pk)
        newsletter_issue_deliver.enqueue(issue_id=issue.pk)
    assert len(mailbox.messages) == 5
    assert NewsletterDelivery.objects.filter(issue=issue).count() == 5
    issue.refresh_from_db()
    assert issue.sent_count == 5
    # a second send is refused
    with COMMIT(execute=True):
        response = client.post(issue.get_absolute_url(), {"action": "send"}, follow=True)
    assert "already been sent" in response.content.decode()
    assert len(mailbox.messages) == 5


def test_a_run_that_stopped_half_way_is_finished_by_the_next(client, editor, mailbox):
    subs = [_subscriber(f"s{n}@example.dk") for n in range(4)]
    issue = _write(client)
    with COMMIT(execute=True):
        services_newsletter.newsletter_issue_send(actor=editor, issue=issue)
    # ... as if the first run had died after two recipients: forget the other two
    issue.refresh_from_db()
    NewsletterDelivery.objects.filter(subscription__in=subs[2:]).delete()
    NewsletterIssue.objects.filter(pk=issue.pk).update(sent_count=2, sent_at=None)
    mailbox.clear()
    page = client.get(issue.get_absolute_url()).content.decode()
    assert "Being sent" in page
    assert "Sent to 2 of 4 subscribers." in page
    assert 'value="50"' in page
    assert "newsletter_progress" in page
    progress = client.get(reverse("support:newsletter-issue-progress", args=[issue.public_id]))
    assert progress.json() == {"sent": 2, "total": 4, "percent": 50, "done": False}
    with COMMIT(execute=True):
        assert services_newsletter.newsletter_issue_deliver(issue_id=issue.pk) == 2
    assert _recipients(mailbox) == ["s2@example.dk", "s3@example.dk"]
    issue.refresh_from_db()
    assert issue.sent_count == 4
    assert issue.sent_at is not None


def test_late_sign_ups_and_unsubscribes_during_the_sending(client, editor, mailbox):
    _subscriber("early@example.dk")
    leaving = _subscriber("leaving@example.dk")
    issue = _write(client)
    with COMMIT(execute=False):
        services_newsletter.newsletter_issue_send(actor=editor, issue=issue)
    issue.refresh_from_db()
    assert issue.recipients_count == 2
    late = _subscriber("late@example.dk")
    NewsletterSubscription.objects.filter(pk=late.pk).update(
        confirmed_at=issue.send_started_at + datetime.timedelta(seconds=1)
    )
    leaving.unsubscribed_at = timezone.now()
    leaving.save()
    mailbox.clear()
    with COMMIT(execute=True):
        services_newsletter.newsletter_issue_deliver(issue_id=issue.pk)
    assert _recipients(mailbox) == ["early@example.dk"]


def test_a_sent_issue_cannot_be_changed(client, editor):
    issue = _write(client)
    with COMMIT(execute=True):
        client.post(issue.get_absolute_url(), {"action": "send"})
    response = client.post(
        issue.get_absolute_url(), {"action": "save", "subject": "Ændret", "body": "x",
                                   "language": "da"}, follow=True,
    )  # fmt: skip
    issue.refresh_from_db()
    assert issue.subject == "Nyt fra tænketanken"
    assert response.status_code == 200


def test_a_draft_can_be_changed_and_hostile_input_is_refused(client, editor, mailbox):
    issue = _write(client)
    response = client.post(issue.get_absolute_url(),
                           {"action": "save", "subject": "", "body": "x", "language": "da"})  # fmt: skip
    assert response.status_code == 200
    assert "Nyt fra tænketanken" in response.content.decode()  # the preview shows what is saved
    for data in [
        {"subject": "x" * 500, "body": "x", "language": "da"},
        {"subject": "x", "body": "x" * 30_000, "language": "da"},
        {"subject": "x", "body": "x", "language": "klingon"},
        {"subject": "x", "body": "", "language": "da"},
    ]:
        response = client.post(issue.get_absolute_url(), {"action": "save", **data})
        assert response.status_code == 200
    issue.refresh_from_db()
    assert issue.subject == "Nyt fra tænketanken"
    script = "<script>alert(1)</script>"
    client.post(issue.get_absolute_url(),
                {"action": "save", "subject": script, "body": script, "language": "da"})  # fmt: skip
    issue.refresh_from_db()
    assert issue.subject == script
    page = client.get(issue.get_absolute_url()).content.decode()
    assert script not in page
    assert "&lt;script&gt;" in page
    # the mail is plain text: the text arrives as written
    _subscriber("anna@example.dk")
    mailbox.clear()
    with COMMIT(execute=True):
        client.post(issue.get_absolute_url(), {"action": "send"})
    assert script in mailbox.messages[0].get_body().get_content()


def test_newsletter_pages_are_403_for_others_and_404_for_unknown_issues(client, editor):
    issue = _write(client)
    urls = [
        reverse("support:newsletter-issue-list"),
        reverse("support:newsletter-issue-create"),
        issue.get_absolute_url(),
        reverse("support:newsletter-issue-progress", args=[issue.public_id]),
    ]
    client.force_login(UserFactory(roles=[Role.BOARD], totp=True))
    for url in urls:
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "send"}).status_code in (403, 405)
    issue.refresh_from_db()
    assert issue.send_started_at is None
    home = client.get(reverse("support:home")).content.decode()
    assert reverse("support:newsletter-issue-list") not in home
    client.force_login(UserFactory(roles=[Role.TREASURER], totp=True))
    assert client.get(urls[0]).status_code == 200
    missing = reverse("support:newsletter-issue-detail",
                      args=["00000000-0000-4000-8000-000000000000"])  # fmt: skip
    assert client.get(missing).status_code == 404
    assert client.get("/stoet/nyhedsbrev/udgaver/not-a-uuid/").status_code == 404


def test_the_issue_list_keeps_its_query_count(client, editor, django_assert_max_num_queries):
    for n in range(8):
        NewsletterIssue.objects.create(subject=f"Nr. {n}", body="x", created_by=editor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("support:newsletter-issue-list")).status_code == 200
