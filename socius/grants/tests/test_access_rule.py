"""The access rule for grants: the staff and reviewers' lists answer 403 without the role; an
application, a round's staff page and a review assignment, which a person may not know exist,
answer 404 to everyone not allowed, exactly as ones that do not exist."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from socius.grants import services
from socius.grants.tests.conftest import application_data
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_staff_and_reviewer_lists_answer_403_without_the_role(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("grants:staff-rounds")).status_code == 403
    assert client.post(reverse("grants:staff-round-create"), {}).status_code == 403
    assert client.post(reverse("grants:staff-pool-create"), {}).status_code == 403
    assert client.get(reverse("grants:review-list")).status_code == 403


def test_another_organisations_application_answers_404_like_a_missing_one(
    client, citizen, association, open_round
):
    app = services.application_create(
        actor=citizen, round_=open_round, organisation=association, **application_data()
    )
    client.force_login(UserFactory())
    for public_id in (app.public_id, uuid.uuid4()):
        assert client.get(reverse("grants:application-detail", args=[public_id])).status_code == 404
        staff_page = reverse("grants:staff-application", args=[public_id])
        assert client.get(staff_page).status_code == 404
        gate = reverse("grants:staff-application-gate", args=[public_id])
        assert client.post(gate, {"gate": "budget", "passed": "on"}).status_code == 404
    assert client.get(reverse("grants:review-detail", args=[123456])).status_code == 404
