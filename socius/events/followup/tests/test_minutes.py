"""Minutes: drafted by one organiser, approved by a second, published in the knowledge hub
with a link back to the event."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from socius.core.models import AuditEntry
from socius.events.followup import services
from socius.events.followup.models import Minutes, MinutesState
from socius.knowledge.models import DebatePage, PublicationPage, ReportPage

from .conftest import event_make

pytestmark = pytest.mark.django_db

TEXT = "Mødet begyndte kl. 19.\n\nVi talte om naboskab og fælleshuset."
SUMMARY = "Vi talte om naboer. Alle fik ordet. Vi mødes igen."


def _draft(event, actor, text=TEXT, summary=SUMMARY):
    return services.minutes_save(actor=actor, event=event, text=text, summary=summary)


def test_the_author_cannot_approve_their_own_minutes(client, event, organiser_a):
    minutes = _draft(event, organiser_a)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=organiser_a, minutes=minutes)
    client.force_login(organiser_a)
    page = client.get(reverse("event_followup:minutes-edit", args=[event.slug]))
    assert "Approve and publish" not in page.text
    response = client.post(reverse("event_followup:minutes-approve", args=[event.slug]))
    assert response.status_code == 403
    assert Minutes.objects.get().state == MinutesState.DRAFT
    assert not PublicationPage.objects.filter(title__contains="Dialogmøde").exists()


def test_whoever_changed_the_draft_last_cannot_approve_it(event, organiser_a, organiser_b):
    minutes = _draft(event, organiser_a)
    minutes = _draft(event, organiser_b, text=TEXT + "\n\nTilføjet.")
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=organiser_b, minutes=minutes)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=organiser_a, minutes=minutes)


def test_an_outsider_cannot_approve(event, organiser_a, outsider):
    minutes = _draft(event, organiser_a)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=outsider, minutes=minutes)


def test_a_second_organiser_approves_and_the_minutes_are_published_both_ways(
    client, event, organiser_a, organiser_b
):
    client.force_login(organiser_a)
    response = client.post(
        reverse("event_followup:minutes-edit", args=[event.slug]),
        {"text": TEXT, "summary": SUMMARY},
    )
    assert response.status_code == 302
    client.force_login(organiser_b)
    page = client.get(reverse("event_followup:minutes-edit", args=[event.slug]))
    assert "Approve and publish" in page.text
    response = client.post(reverse("event_followup:minutes-approve", args=[event.slug]))
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.state == MinutesState.PUBLISHED
    assert minutes.approved_by == organiser_b
    publication = ReportPage.objects.get(pk=minutes.publication_id)
    assert publication.live
    assert publication.summary == SUMMARY
    assert f'href="/arrangementer/{event.slug}/"' in publication.body  # links back
    # The hub's words are Danish, though the approver reads the platform in English.
    with translation.override("da"):
        assert publication.title == gettext("Minutes: %(title)s") % {"title": event.title}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"event_followup.minutes_approve", "event_followup.minutes_publish"} <= actions
    # The hub shows it; the event's block links it.
    client.logout()
    hub = client.get(publication.url)
    assert hub.status_code == 200
    assert "Alle fik ordet" in hub.text
    from django.template.loader import render_to_string

    block = render_to_string(
        "event_followup/event_block.html", {"event": event, "can_manage": False}
    )
    assert publication.url in block
    # Approved minutes are closed for changes.
    client.force_login(organiser_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("event_followup:minutes-edit", args=[event.slug]),
        {"text": "Ny", "summary": "Ny"},
        follow=True,
    )
    assert "can no longer be changed" in response.text


def test_a_debates_minutes_become_a_debate_page_with_the_recording(
    organisation, organiser_a, organiser_b
):
    debate = event_make(slug="debat", organisation=organisation, kind="debate")
    services.material_link_add(
        actor=organiser_a, event=debate, title="Video", url="https://video.example.dk/1"
    )
    minutes = _draft(debate, organiser_a)
    minutes = services.minutes_approve(actor=organiser_b, minutes=minutes)
    page = DebatePage.objects.get(pk=minutes.publication_id)
    assert page.video_url == "https://video.example.dk/1"
    assert page.location == "Medborgerhuset"


def test_hostile_text_never_becomes_markup(client, event, organiser_a, organiser_b):
    hostile = '<script>alert(1)</script>\x00 <a href="javascript:alert(2)">klik</a>'
    minutes = _draft(event, organiser_a, text=hostile, summary="Kort. " + hostile)
    assert "\x00" not in minutes.text
    client.force_login(organiser_a)
    page = client.get(reverse("event_followup:minutes-edit", args=[event.slug]))
    assert "<script>alert(1)</script>" not in page.text
    minutes = services.minutes_approve(actor=organiser_b, minutes=minutes)
    publication = ReportPage.objects.get(pk=minutes.publication_id)
    assert "<script>" not in publication.body
    assert 'href="javascript' not in publication.body
    client.logout()
    hub = client.get(publication.url)
    assert "<script>alert(1)</script>" not in hub.text


def test_over_long_minutes_are_refused_and_kept(client, event, organiser_a):
    client.force_login(organiser_a)
    response = client.post(
        reverse("event_followup:minutes-edit", args=[event.slug]),
        {"text": "ord " * 6000, "summary": "Kort."},
    )
    assert response.status_code == 400
    assert "Kort." in response.text
    assert not Minutes.objects.exists()


def test_the_lix_box_follows_the_summary(client, event, organiser_a, outsider):
    client.force_login(organiser_a)
    url = reverse("event_followup:minutes-lix", args=[event.slug])
    easy = client.post(url, {"summary": "Vi så en film. Den var god."})
    assert "LIX" in easy.text
    assert "Good" in easy.text
    hard = client.post(
        url, {"summary": "Kommunalbestyrelsesmedlemmerne diskuterede boligsocialhelhedsplanerne."}
    )
    assert "Warning" in hard.text
    client.force_login(outsider)
    assert client.post(url, {"summary": "x"}).status_code == 404
