"""Demo content, GDPR export and erasure, moderation in the engine, CSRF."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.core.roles import Role
from socius.deliberation import services
from socius.deliberation.demo import TITLE, crowd_vote, demo_seed
from socius.deliberation.engine_bridge import conversation_compute
from socius.deliberation.models import Conversation, ResultRun, Statement, Vote
from socius.deliberation.selectors import results_for
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_shows_groups_consensus_and_bridging_and_runs_once():
    from socius.core.demo import demo_seed as core_seed

    core_seed()
    lines = demo_seed()
    assert lines
    assert demo_seed() == []
    conversation = Conversation.objects.get(title=TITLE)
    view = results_for(conversation)
    assert len(view.groups) >= 2
    assert view.consensus_agree or view.consensus_disagree
    assert view.bridging
    assert conversation.statements.filter(status=Statement.Status.REJECTED).count() == 1
    assert conversation.statements.filter(status=Statement.Status.PENDING).count() == 1


def test_a_rejected_statement_leaves_the_results_and_a_new_run_follows(
    conversation, crowd, moderator
):
    crowd_vote(conversation, crowd)
    first = conversation_compute(conversation.pk)
    target = conversation.statements.order_by("pk").first()
    services.statement_moderate(actor=moderator, statement=target, accept=False, reason="hostile")
    second = conversation_compute(conversation.pk)
    assert second.version == first.version + 1
    assert target.pk in second.data["mod_out"]
    view = results_for(conversation)
    assert target.pk not in view.statements
    assert target.pk not in [r.id for r in view.bridging]


def test_export_and_erasure_of_a_participant(conversation, citizen):
    statement = conversation.statements.first()
    services.vote_cast(actor=citizen, statement=statement, value=1)
    own = services.statement_add(
        actor=citizen, conversation=conversation, text="Gratis busser om aftenen."
    )
    exported = personal_data_export(citizen)["deliberation"]
    assert exported["votes"][0]["statement"] == statement.text
    assert exported["statements"][0]["text"] == own.text
    revision = Conversation.objects.get(pk=conversation.pk).vote_revision
    personal_data_erase(citizen)
    assert not Vote.objects.exists()
    own.refresh_from_db()
    assert own.author is None
    assert Conversation.objects.get(pk=conversation.pk).vote_revision > revision


def test_votes_need_a_csrf_token(conversation):
    user = UserFactory(roles=[Role.CITIZEN])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        reverse("deliberation:vote-cast", args=[conversation.slug]),
        {"statement": conversation.statements.first().pk, "value": 1},
    )
    assert response.status_code == 403
    assert not Vote.objects.exists()
    assert not ResultRun.objects.exists()


def test_invalid_utf8_in_a_statement_is_refused_cleanly(client, citizen, open_conversation):
    client.force_login(citizen)
    response = client.post(
        reverse("deliberation:statement-add", args=[open_conversation.slug]),
        data=b"text=%ff%fe%fd+klubber",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "tegn, der ikke er tilladt" in response.text
    assert Statement.objects.filter(conversation=open_conversation).count() == 2


def test_conversations_are_found_by_the_platform_search(
    client, moderator, django_capture_on_commit_callbacks
):
    from socius.deliberation.demo import conversation_demo_create

    with django_capture_on_commit_callbacks(execute=True):
        conversation = conversation_demo_create(moderator=moderator)
    response = client.get("/soeg/", {"q": "ensomheden unge"})
    assert conversation.get_absolute_url() in response.text
