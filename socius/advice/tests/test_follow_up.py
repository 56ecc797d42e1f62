"""Three months after closing: a signed, single-use survey link by e-mail; answers feed the
statistics."""

import re
import time

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from socius.advice import services
from socius.advice.models import AdviceRequest, FollowUp
from socius.core.calendar import add_months
from socius.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_request(advisor, advice_request):
    services.request_close(
        actor=advisor,
        request=advice_request,
        outcome="strengthened",
        people_reached=20,
        what_helped="Kontakt til en anden forening.",
    )
    return advice_request


def _due_now(advice):
    AdviceRequest.objects.filter(pk=advice.pk).update(follow_up_due=timezone.localdate())


def _send(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("advice_follow_up", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123


def _link(mailbox):
    body = mailbox.body_of(mailbox.messages[-1])
    return re.search(r"https?://\S+(/faellesskaber/raadgivning/opfoelgning/\S+/)", body).group(1)


def test_the_follow_up_is_due_three_calendar_months_after_closing(closed_request):
    assert closed_request.follow_up_due == add_months(
        timezone.localdate(closed_request.closed_at), 3
    )


def test_nothing_is_sent_before_it_is_due(
    closed_request, mailbox, django_capture_on_commit_callbacks
):
    _send(django_capture_on_commit_callbacks)
    assert mailbox.messages == []
    assert not FollowUp.objects.exists()


def test_the_survey_is_sent_once_and_answered_once_without_logging_in(
    client, closed_request, citizen, mailbox, django_capture_on_commit_callbacks
):
    _due_now(closed_request)
    _send(django_capture_on_commit_callbacks)
    _send(django_capture_on_commit_callbacks)  # idempotent
    assert [m["to"] for m in mailbox.messages] == [citizen.email]
    assert "Hvordan gik det?" in mailbox.messages[0]["subject"]
    link = _link(mailbox)

    page = client.get(link)
    assert page.status_code == 200
    assert closed_request.title in page.text
    response = client.post(
        link,
        {
            "community_status": "running",
            "people_reached": "25",
            "advice_helped": "yes",
            "comment": "<b>Tak</b> for hjælpen",
        },
    )
    assert response.status_code == 200
    assert "Tak" in response.text
    survey = FollowUp.objects.get()
    assert survey.answered_at is not None
    assert survey.community_status == "running"
    assert survey.people_reached == 25
    assert survey.advice_helped is True
    assert AuditEntry.objects.filter(action="advice.follow_up.answer").count() == 1

    # Single use: the link no longer opens or takes a second answer.
    assert client.get(link).status_code == 404
    again = client.post(link, {"community_status": "stopped", "advice_helped": "no"})
    assert again.status_code == 404
    survey.refresh_from_db()
    assert survey.community_status == "running"


def test_a_tampered_or_foreign_link_does_nothing(
    client, closed_request, mailbox, django_capture_on_commit_callbacks
):
    _due_now(closed_request)
    _send(django_capture_on_commit_callbacks)
    link = _link(mailbox)
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = signing.dumps(FollowUp.objects.get().pk, salt="something-else")
    for bad in (token[:-2] + "xx", forged, "1", "x" * 5000, "%00", "'; DROP TABLE x; --"):
        assert client.get(f"/faellesskaber/raadgivning/opfoelgning/{bad}/").status_code == 404


def test_an_old_link_expires(
    client, closed_request, mailbox, django_capture_on_commit_callbacks, monkeypatch
):
    _due_now(closed_request)
    _send(django_capture_on_commit_callbacks)
    link = _link(mailbox)
    later = time.time() + 61 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert client.get(link).status_code == 404


def test_hostile_answers_get_a_clear_error(
    client, closed_request, mailbox, django_capture_on_commit_callbacks
):
    _due_now(closed_request)
    _send(django_capture_on_commit_callbacks)
    link = _link(mailbox)
    for data in (
        {"community_status": "flying", "advice_helped": "yes"},
        {"community_status": "running", "advice_helped": "yes", "people_reached": "-1"},
        {"community_status": "running", "advice_helped": "yes", "comment": "x" * 2001},
        {"community_status": "running", "advice_helped": "yes", "comment": "a\x00b"},
    ):
        response = client.post(link, data)
        assert response.status_code == 200
        assert "form-error-message" in response.text
    assert FollowUp.objects.get().answered_at is None


def test_reopened_requests_get_no_survey(
    closed_request, advisor, mailbox, django_capture_on_commit_callbacks
):
    _due_now(closed_request)
    services.request_reopen(actor=advisor, request=closed_request)
    _send(django_capture_on_commit_callbacks)
    assert mailbox.messages == []
