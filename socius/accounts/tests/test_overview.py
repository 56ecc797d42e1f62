"""Mit overblik (/mit/) and the next-step page (/velkommen/)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socius.advice import services as advice_services
from socius.core.models import Municipality, Theme
from socius.deliberation import services as deliberation_services
from socius.deliberation.models import Conversation
from socius.proposals import services as proposal_services
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/mit/", "/velkommen/"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_an_empty_overview_offers_a_next_step_everywhere(client, outsider):
    client.force_login(outsider)
    html = client.get("/mit/").content.decode()
    assert "<h1>Mit overblik</h1>" in html
    assert "Du har ikke deltaget i en samtale endnu" in html
    assert 'href="/samtaler/"' in html
    assert 'href="/borgerforslag/nyt/"' in html
    assert 'href="/borgerforslag/kvittering/"' in html
    assert 'href="/tilskud/"' in html
    assert 'href="/faellesskaber/raadgivning/"' in html
    # A person without a name or roles is asked to complete the profile.
    assert "Udfyld din profil" in html
    # Notifications: a clear place, even before the notification list exists.
    assert "Notifikationer" in html


def _conversation(moderator):
    return deliberation_services.conversation_create(
        actor=moderator,
        theme=Theme.objects.get(slug="faellesskaber-og-ensomhed"),
        title="Fritid for alle",
        question="Hvad skal der til, for at alle unge har en fritid med andre?",
        moderation=Conversation.Moderation.POST,
        seed_statements=["Klubber skal være gratis.", "Skolen skal hjælpe med at finde en klub."],
    )


def _own_things(person, moderator, n):
    """``n`` of each thing Mit overblik lists, all belonging to ``person``."""
    for i in range(n):
        conversation = _conversation(moderator)
        statement = conversation.statements.first()
        deliberation_services.vote_cast(actor=person, statement=statement, value=1)
        org = OrganisationFactory(name=f"Forening {i} {person.pk}", contact=person)
        advice_services.request_submit(
            actor=person,
            organisation=org,
            title=f"Hjælp til frivillige {i}",
            wants=["volunteers"],
            themes=[Theme.objects.get(slug="aeldre")],
            target_group="Ældre",
            size="small",
            description="Vi mangler frivillige.",
        )
        advice_services.community_create(
            actor=person,
            organisation=org,
            themes=[],
            title=f"Strikkeklub {i}",
            description="Vi strikker.",
            audience="Alle",
            when="Hver tirsdag",
            municipality=Municipality.objects.get(code="751"),
        )
        proposal_services.proposal_create(
            actor=person,
            municipality=Municipality.objects.get(code="751"),
            title=f"Flere bænke {i}",
            text="Byrådet skal sætte bænke op.",
        )


def test_the_overview_lists_the_persons_own_things_and_nobody_elses(client, citizen, editor):
    _own_things(citizen, editor, 1)
    stranger = UserFactory()
    _own_things(stranger, editor, 1)
    client.force_login(citizen)
    html = client.get("/mit/").content.decode()
    assert html.count("Fritid for alle") == 1  # the stranger's conversation is not listed
    assert "du har stemt om 1 udsagn" in html
    assert f"Hjælp til frivillige 0</a> – Forening 0 {citizen.pk}" in html
    assert f"Forening 0 {stranger.pk}" not in html
    assert "Strikkeklub 0" in html
    assert "Flere bænke 0" in html


def test_the_overview_uses_a_fixed_number_of_queries(client, citizen, editor):
    client.force_login(citizen)
    _own_things(citizen, editor, 1)
    client.get("/mit/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/mit/").status_code == 200
    _own_things(citizen, editor, 3)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/mit/")
    assert response.content.decode().count("Strikkeklub") == 4
    assert len(many) == len(few)


def test_the_next_step_page_offers_the_four_ways_in(client, outsider):
    client.force_login(outsider)
    html = client.get("/velkommen/").content.decode()
    assert "<h1>Velkommen til Socius</h1>" in html
    for link in ('href="/samtaler/"', 'href="/borgerforslag/"', 'href="/faellesskaber/"'):
        assert link in html
    assert 'href="/profil/"' in html
    assert 'href="/mit/"' in html
