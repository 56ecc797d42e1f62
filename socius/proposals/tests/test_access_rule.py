"""The access rule for citizen proposals: the staff queue and settings answer 403 without the
role; a proposal that is not public yet answers 404 to everyone but its proposers and staff,
exactly as one that does not exist (also on the staff pages about one proposal)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from socius.proposals import services
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_staff_queue_and_settings_answer_403_without_the_role(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("proposals:staff-queue")).status_code == 403
    assert client.get(reverse("proposals:staff-settings")).status_code == 403
    client.logout()
    response = client.get(reverse("proposals:staff-queue"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_a_draft_answers_404_like_a_missing_proposal(client, proposer, aarhus, rules):
    draft = services.proposal_create(
        actor=proposer,
        municipality=aarhus,
        title="Flere bænke",
        text="Byrådet skal sætte bænke op.",
    )
    client.force_login(UserFactory())
    for public_id in (draft.public_id, uuid.uuid4()):
        for name in ("proposals:proposal-detail", "proposals:proposal-edit"):
            assert client.get(reverse(name, args=[public_id])).status_code == 404
        for name in ("proposals:staff-proposal", "proposals:signer-export"):
            assert client.get(reverse(name, args=[public_id])).status_code == 404
        action = reverse("proposals:staff-action", args=[public_id, "publish"])
        assert client.post(action).status_code == 404
        assert client.get(reverse("proposals:proposal-sign", args=[public_id])).status_code == 404
    client.force_login(proposer)
    assert (
        client.get(reverse("proposals:proposal-detail", args=[draft.public_id])).status_code == 200
    )
