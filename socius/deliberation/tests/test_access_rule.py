"""The access rule for deliberation: conversations and solution proposals are public, so their
staff pages answer 403 without the role (before any lookup); something that does not exist,
or a statement of another conversation, answers 404 to a moderator."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.deliberation import services

pytestmark = pytest.mark.django_db


def _mfa(client, user):
    client.force_login(user)
    session = client.session
    session["account_authenticated"] = True
    session.save()


def test_staff_pages_answer_403_without_the_role_whether_or_not_the_object_exists(
    client, citizen, conversation
):
    client.force_login(citizen)
    for slug in (conversation.slug, "findes-ikke"):
        assert client.get(reverse("deliberation:moderation", args=[slug])).status_code == 403
        assert client.get(reverse("deliberation:solution-create", args=[slug])).status_code == 403
        opened = reverse("deliberation:conversation-open-set", args=[slug])
        assert client.post(opened, {"open": "0"}).status_code == 403
    assert client.get(reverse("deliberation:conversation-create")).status_code == 403


def test_a_moderator_gets_404_for_what_does_not_exist_or_belongs_elsewhere(
    client, moderator, citizen, conversation, open_conversation
):
    statement = services.statement_add(
        actor=citizen, conversation=conversation, text="Gratis busser til unge om aftenen."
    )
    _mfa(client, moderator)
    assert client.get(reverse("deliberation:moderation", args=["findes-ikke"])).status_code == 404
    elsewhere = reverse(
        "deliberation:statement-moderate", args=[open_conversation.slug, statement.pk]
    )
    response = client.post(elsewhere, {f"s{statement.pk}-decision": "accept"})
    assert response.status_code == 404
    statement.refresh_from_db()
    assert statement.status == statement.Status.PENDING
