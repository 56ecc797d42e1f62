"""The follow-up survey: one mail per confirmed registration (the command is safe to run
twice), one answer per link, forged and replayed links refused, results without names."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.events.followup import services
from socius.events.followup.models import SurveyAnswer, SurveyInvite
from socius.events.models import Registration

from .conftest import event_make, registration_make

pytestmark = pytest.mark.django_db


def _send(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("events_followup", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123


def _links(mailbox):
    return [
        re.search(
            r"https?://\S+(/arrangementer/\S+/efter/evaluering/\S+/)", mailbox.body_of(m)
        ).group(1)
        for m in mailbox.messages
    ]


@pytest.fixture
def registrations(event, citizen):
    return [
        registration_make(event, name="Gæst Uden Konto", email="gaest@example.dk"),
        registration_make(event, name=citizen.display_name, email=citizen.email, user=citizen),
        registration_make(event, status=Registration.Status.CANCELLED, email="afbud@example.dk"),
        registration_make(event, status=Registration.Status.WAITING, email="venter@example.dk"),
    ]


def test_confirmed_registrations_get_one_mail_however_often_it_runs(
    event, registrations, citizen, mailbox, django_capture_on_commit_callbacks
):
    _send(django_capture_on_commit_callbacks)
    _send(django_capture_on_commit_callbacks)
    assert sorted(m["to"] for m in mailbox.messages) == sorted(["gaest@example.dk", citizen.email])
    assert SurveyInvite.objects.count() == 2
    assert all(len(link) > 40 for link in _links(mailbox))


def test_nothing_before_the_event_ends_nor_long_after(
    organisation, mailbox, django_capture_on_commit_callbacks
):
    soon = event_make(
        slug="snart", organisation=organisation, starts_in=datetime.timedelta(hours=1)
    )
    old = event_make(
        slug="gammel", organisation=organisation, starts_in=datetime.timedelta(days=-40)
    )
    registration_make(soon)
    registration_make(old)
    _send(django_capture_on_commit_callbacks)
    assert mailbox.messages == []


def test_a_participant_answers_once_and_a_replay_is_refused(
    client, event, registrations, mailbox, django_capture_on_commit_callbacks
):
    _send(django_capture_on_commit_callbacks)
    link = _links(mailbox)[0]
    page = client.get(link)
    assert page.status_code == 200
    assert event.title in page.text
    answer = {"usefulness": "4", "come_again": "maybe", "differently": "<b>Mere</b> kaffe"}
    response = client.post(link, answer)
    assert response.status_code == 200
    assert "Thank you" in response.text
    replay = client.post(link, answer)
    assert replay.status_code == 410
    assert client.get(link).status_code == 410
    assert SurveyAnswer.objects.count() == 1
    stored = SurveyAnswer.objects.get()
    assert (stored.usefulness, stored.come_again) == (4, "maybe")
    assert not hasattr(stored, "registration_id")  # no link back to anyone


def test_nothing_pairs_an_invitation_with_its_answer(
    client, event, registrations, mailbox, django_capture_on_commit_callbacks
):
    # given two answers: neither the invitations nor the audit log say when each was given
    _send(django_capture_on_commit_callbacks)
    audit_before = AuditEntry.objects.count()
    for link, usefulness in zip(_links(mailbox), ("2", "5"), strict=True):
        client.post(link, {"usefulness": usefulness, "come_again": "yes", "differently": ""})
    # then
    assert SurveyAnswer.objects.count() == 2
    assert AuditEntry.objects.count() == audit_before
    invite_fields = {f.name for f in SurveyInvite._meta.get_fields()}
    assert not {"answered_on", "answered_at", "updated_at"} & invite_fields
    assert set(SurveyInvite.objects.values_list("answered", flat=True)) == {True}
    answer_fields = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert not {"created_at", "updated_at", "registration", "invite"} & answer_fields


def test_forged_foreign_and_malformed_links_are_refused(
    client, event, registrations, organisation, mailbox, django_capture_on_commit_callbacks
):
    _send(django_capture_on_commit_callbacks)
    link = _links(mailbox)[0]
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other = event_make(slug="andet-moede", organisation=organisation)
    for bad in [
        reverse("event_followup:survey", args=[event.slug, forged]),
        reverse("event_followup:survey", args=[other.slug, token]),  # another event's address
        reverse("event_followup:survey", args=[event.slug, "x" * 5]),
        reverse("event_followup:survey", args=[event.slug, "%00" * 30]),
    ]:
        response = client.post(bad, {"usefulness": "5", "come_again": "yes"})
        assert response.status_code == 404, bad
    assert not SurveyAnswer.objects.exists()


def test_the_survey_closes_after_its_days(
    client, event, registrations, mailbox, django_capture_on_commit_callbacks, monkeypatch
):
    _send(django_capture_on_commit_callbacks)
    link = _links(mailbox)[0]
    later = timezone.now() + datetime.timedelta(days=services.SURVEY_OPEN_DAYS + 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"usefulness": "6", "come_again": "yes"},
        {"usefulness": "0", "come_again": "yes"},
        {"usefulness": "3", "come_again": "sometimes"},
        {"usefulness": "3", "come_again": "yes", "differently": "x" * 2001},
        {},
    ],
)
def test_wrong_answers_are_refused_and_the_link_still_works(
    client, event, registrations, mailbox, django_capture_on_commit_callbacks, data
):
    _send(django_capture_on_commit_callbacks)
    link = _links(mailbox)[0]
    assert client.post(link, data).status_code == 400
    assert not SurveyAnswer.objects.exists()
    assert client.post(link, {"usefulness": "3", "come_again": "yes"}).status_code == 200


def test_the_organiser_sees_counts_chart_table_and_texts_without_names(
    client, event, registrations, organiser_a, mailbox, django_capture_on_commit_callbacks
):
    _send(django_capture_on_commit_callbacks)
    for link, score in zip(_links(mailbox), ["5", "2"], strict=True):
        client.post(
            link,
            {
                "usefulness": score,
                "come_again": "yes",
                "differently": "<script>x</script> Mere tid",
            },
        )
    client.force_login(organiser_a)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("event_followup:survey-results", args=[event.slug]))
    assert page.status_code == 200
    assert page.text.count("data:image/svg+xml") == 2  # two charts
    assert "<table" in page.text
    assert "2 answers from 2 invited" in page.text
    assert "&lt;script&gt;x&lt;/script&gt; Mere tid" in page.text
    for r in registrations:
        assert r.name not in page.text
        assert r.email not in page.text
