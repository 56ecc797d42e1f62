"""Organisers' pages and services: create, edit, publish and cancel an event, its programme,
speakers and registration questions; who may, and what registrants are told."""

import datetime

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from socius.core.models import AuditEntry
from socius.deliberation.models import Conversation
from socius.events import services_events
from socius.events.models import Event, Question, Session, Speaker
from socius.events.tests.pages_support import (
    calendar_attachment,
    in_english,
    published,
    registration,
    session_with_speaker,
    space,
)
from socius.tests_support.factories import OrganisationFactory, UserFactory, theme

pytestmark = pytest.mark.django_db

CREATE = reverse("events:event-create")


@pytest.fixture(autouse=True)
def _english(client):
    in_english(client)


def _local(days: int, hour: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def _form(**changes):
    data = {
        "organiser": "taenketank",
        "kind": "conference",
        "title": "Konference om fællesskaber",
        "summary": "En dag om det, der virker.",
        "description": "",
        "theme": str(theme().pk),
        "starts_at": _local(20, 9),
        "ends_at": _local(20, 16),
        "venue_name": "Dokk1",
        "venue_address": "Hack Kampmanns Plads 2",
        "venue_postcode": "8000",
        "venue_city": "Aarhus C",
        "step_free": "on",
        "accessibility_note": "",
        "online_url": "https://møde.example/hemmelig",
        "capacity": "100",
        "seats_held": "5",
        "registration_opens_at": _local(0, 0),
        "registration_closes_at": _local(19, 12),
        "open_to_guests": "on",
        "max_party_size": "4",
        "offer_hours": "24",
    }
    data.update(changes)
    return data


def test_an_editor_creates_a_draft_and_publishes_it(client, editor):
    client.force_login(editor)

    response = client.post(CREATE, _form())

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:event-manage", args=[event.slug])
    assert event.status == Event.Status.DRAFT
    assert event.step_free
    assert event.seats_held == 5
    assert event.space is None
    assert event.starts_at.astimezone(datetime.UTC).hour in {7, 8}  # 9 o'clock in Copenhagen
    client.post(reverse("events:event-publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert AuditEntry.objects.filter(action="events.event.publish").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": _local(20, 8)}, "ends_at", "The event must end after it starts."),
        (
            {"registration_closes_at": _local(21, 12)},
            "registration_closes_at",
            "Registration must close before the event ends.",
        ),
        ({"seats_held": "101"}, "seats_held", "You cannot hold back more seats"),
        ({"title": "x" * 201}, "title", "at most 200 characters"),
        ({"capacity": "nul"}, "capacity", "Enter a whole number."),
        ({"organiser": "space:99999"}, "organiser", "Select a valid choice."),
    ],
)
def test_wrong_input_is_explained_and_kept(client, editor, changes, field, message):
    client.force_login(editor)

    response = client.post(CREATE, _form(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors[field]
    assert "Konference om fællesskaber" in response.content.decode() or field == "title"
    assert not Event.objects.exists()


def test_hostile_text_is_stored_as_text_and_shown_escaped(client, editor):
    client.force_login(editor)
    client.post(CREATE, _form(title="<script>alert(1)</script> møde"))

    event = Event.objects.get()
    body = client.get(reverse("events:event-manage", args=[event.slug])).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert event.slug == "script-alert-1-script-moede" or "<" not in event.slug


def test_a_municipal_event_picks_the_municipalitys_space(client, administrator):
    aarhus = space()
    client.force_login(administrator)

    client.post(CREATE, _form(organiser=f"space:{aarhus.pk}"))

    assert Event.objects.get().space == aarhus


def test_an_organisations_contact_picks_only_their_organisations(client):
    contact = UserFactory()
    theirs = OrganisationFactory(contact=contact)
    other = OrganisationFactory()
    client.force_login(contact)

    page = client.get(CREATE).content.decode()
    forged = client.post(CREATE, _form(organiser=f"org:{other.pk}"))
    tank = client.post(CREATE, _form(organiser="taenketank"))
    made = client.post(CREATE, _form(organiser=f"org:{theirs.pk}"))

    assert theirs.name in page
    assert other.name not in page
    assert forged.status_code == 200
    assert tank.status_code == 200
    assert made.status_code == 302
    assert Event.objects.get().organisation == theirs


def test_the_debate_conversation_must_be_open(client, editor):
    closed = Conversation.objects.create(
        slug="lukket", theme=theme(), title="Lukket", question="?", is_open=False
    )
    client.force_login(editor)

    response = client.post(CREATE, _form(kind="debate", conversation=str(closed.pk)))

    assert response.status_code == 200
    assert response.context["form"].errors["conversation"]


def test_people_who_organise_nothing_may_not_create(client, citizen):
    assert client.get(CREATE).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(CREATE).status_code == 403
    assert client.get(reverse("events:organiser-list")).status_code == 403
    assert client.get(reverse("events:speaker-create")).status_code == 403


def test_other_peoples_events_are_not_found(client):
    contact = UserFactory()
    OrganisationFactory(contact=contact)
    event = published(organisation=OrganisationFactory())
    session = Session.objects.create(
        event=event, title="Oplæg", starts_at=event.starts_at, ends_at=event.ends_at
    )
    question = Question.objects.create(event=event, text="Hvorfor?")
    client.force_login(contact)

    for name, args in (
        ("events:event-manage", [event.slug]),
        ("events:event-edit", [event.slug]),
        ("events:event-cancel", [event.slug]),
        ("events:session-create", [event.slug]),
        ("events:session-edit", [event.slug, session.pk]),
        ("events:question-create", [event.slug]),
        ("events:question-edit", [event.slug, question.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in (
        ("events:event-publish", [event.slug]),
        ("events:session-delete", [event.slug, session.pk]),
        ("events:question-delete", [event.slug, question.pk]),
    ):
        assert client.post(reverse(name, args=args)).status_code == 404, name
    assert Session.objects.exists()
    assert Question.objects.exists()


def test_a_contact_manages_their_organisations_event(client):
    contact = UserFactory()
    org = OrganisationFactory(contact=contact)
    event = published(organisation=org)
    client.force_login(contact)

    listing = client.get(reverse("events:organiser-list")).content.decode()

    assert event.title in listing
    assert client.get(reverse("events:event-manage", args=[event.slug])).status_code == 200


def test_the_organiser_list_costs_the_same_queries_with_more_events(
    client, editor, django_assert_max_num_queries
):
    published(space=space())
    client.force_login(editor)
    client.get(reverse("events:organiser-list"))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("events:organiser-list"))
    for _n in range(10):
        published(space=space(), organisation=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("events:organiser-list"))


def test_moving_the_time_raises_the_sequence_and_mails_the_updated_entry(
    editor, mailbox, django_capture_on_commit_callbacks
):
    event = published()
    confirmed = registration(event, language="en")
    registration(event, status="waiting", waiting_number=1)
    mailbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services_events.event_update(
            actor=editor,
            event=event,
            starts_at=event.starts_at + datetime.timedelta(hours=1),
            ends_at=event.ends_at + datetime.timedelta(hours=1),
        )

    event.refresh_from_db()
    assert event.sequence == 1
    assert [m["To"] for m in mailbox.messages] == [confirmed.email]
    message = mailbox.messages[0]
    assert message["Subject"].startswith("Changed:")
    cal = icalendar.Calendar.from_ical(calendar_attachment(message))
    vevent = next(iter(cal.walk("VEVENT")))
    assert vevent["SEQUENCE"] == 1
    assert "hemmelig-forbindelse" in vevent["DESCRIPTION"]  # their own calendar


def test_a_change_to_the_text_alone_mails_nobody(
    editor, mailbox, django_capture_on_commit_callbacks
):
    event = published()
    registration(event)
    mailbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services_events.event_update(actor=editor, event=event, summary="Ny tekst.")

    event.refresh_from_db()
    assert event.sequence == 0
    assert mailbox.messages == []


def test_cancelling_tells_registrants_with_a_cancel(
    client, editor, mailbox, django_capture_on_commit_callbacks
):
    event = published()
    registration(event, language="en")
    mailbox.clear()
    client.force_login(editor)
    url = reverse("events:event-cancel", args=[event.slug])

    empty = client.post(url, {"reason": "  "})
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"reason": "Taleren er blevet syg."})

    assert empty.status_code == 200
    assert empty.context["form"].errors["reason"]
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert event.sequence == 1
    message = mailbox.messages[0]
    assert "Taleren er blevet syg." in mailbox.body_of(message)
    cal = icalendar.Calendar.from_ical(calendar_attachment(message))
    assert cal["METHOD"] == "CANCEL"
    assert next(iter(cal.walk("VEVENT")))["STATUS"] == "CANCELLED"
    with pytest.raises(ValidationError):
        services_events.event_cancel(actor=editor, event=event, reason="Igen")


def test_a_programme_item_with_speakers_is_added_edited_and_removed(client, editor):
    event = published()
    speaker = Speaker.objects.create(slug="karen", name="Karen Forsker")
    client.force_login(editor)
    add = reverse("events:session-create", args=[event.slug])
    start = timezone.localtime(event.starts_at)
    when = start.strftime("%Y-%m-%dT%H:%M")  # noqa: DTZ007 - an input's value
    later = (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")

    outside = client.post(add, {"title": "For tidligt", "starts_at": "2000-01-01T10:00",
                                "ends_at": "2000-01-01T11:00", "part": "speaker"})  # fmt: skip
    client.post(add, {"title": "Velkommen", "starts_at": when, "ends_at": later,
                      "room": "Sal 1", "speakers": [speaker.pk], "part": "moderator"})  # fmt: skip

    assert outside.status_code == 200
    assert outside.context["form"].errors
    assert "The item must lie within the event" in outside.content.decode()
    session = Session.objects.get()
    assert [(link.speaker, link.part) for link in session.speaker_links.all()] == [
        (speaker, "moderator")
    ]
    edit = reverse("events:session-edit", args=[event.slug, session.pk])
    client.post(edit, {"title": "Goddag", "starts_at": when, "ends_at": later,
                       "room": "Sal 2", "speakers": [], "part": "speaker"})  # fmt: skip
    session.refresh_from_db()
    assert session.title == "Goddag"
    assert not session.speaker_links.exists()
    client.post(reverse("events:session-delete", args=[event.slug, session.pk]))
    assert not Session.objects.exists()


def test_speakers_are_created_and_edited(client, editor):
    client.force_login(editor)
    researcher = UserFactory()

    client.post(reverse("events:speaker-create"),
                {"name": "Henrik Lund", "affiliation": "Formand", "bio": "", "user": researcher.pk})  # fmt: skip
    speaker = Speaker.objects.get()
    client.post(reverse("events:speaker-edit", args=[speaker.slug]),
                {"name": "Henrik Lund", "affiliation": "Næstformand", "bio": "<b>hej</b>", "user": ""})  # fmt: skip

    speaker.refresh_from_db()
    assert speaker.affiliation == "Næstformand"
    assert speaker.bio == "<b>hej</b>"
    assert speaker.user is None


def test_only_staff_link_a_speaker_to_an_account(client):
    contact = UserFactory()
    OrganisationFactory(contact=contact)
    with pytest.raises(PermissionDenied):
        services_events.speaker_create(actor=contact, name="X", user=UserFactory())
    speaker = services_events.speaker_create(actor=contact, name="Egen taler")
    elsewhere = session_with_speaker(published(), "Andens taler")
    client.force_login(contact)

    assert "user" not in client.get(reverse("events:speaker-create")).context["form"].fields
    assert client.get(reverse("events:speaker-edit", args=[speaker.slug])).status_code == 200
    assert client.get(reverse("events:speaker-edit", args=[elsewhere.slug])).status_code == 403


def test_registration_questions(client, editor):
    event = published()
    client.force_login(editor)
    add = reverse("events:question-create", args=[event.slug])

    long = client.post(add, {"text": "x" * 301})
    client.post(add, {"text": "Hvilken workshop?", "required": "on"})

    assert long.status_code == 200
    assert long.context["form"].errors["text"]
    question = Question.objects.get()
    assert question.required
    client.post(reverse("events:question-edit", args=[event.slug, question.pk]),
                {"text": "Hvilken workshop vil du helst?"})  # fmt: skip
    question.refresh_from_db()
    assert question.text == "Hvilken workshop vil du helst?"
    assert not question.required
    client.post(reverse("events:question-delete", args=[event.slug, question.pk]))
    assert not Question.objects.exists()


def test_an_editor_changes_an_event_through_the_page(client, editor):
    client.force_login(editor)
    client.post(CREATE, _form())
    event = Event.objects.get()

    page = client.get(reverse("events:event-edit", args=[event.slug]))
    response = client.post(
        reverse("events:event-edit", args=[event.slug]), _form(title="Nyt navn", capacity="50")
    )

    assert page.context["form"]["organiser"].value() == "taenketank"
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nyt navn"
    assert event.capacity == 50
    assert event.slug != "nyt-navn"
