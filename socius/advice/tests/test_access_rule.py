"""The access rule for community advice: the advisors' queue and dashboard answer 403 without
the role; a request, which only its organisation and the advisors may know of, answers 404 to
everyone else, exactly as a request that does not exist."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_advisors_pages_answer_403_without_the_role(client, citizen):
    client.force_login(citizen)
    for name in ("advice:queue", "advice:dashboard", "advice:dashboard-csv"):
        assert client.get(reverse(name)).status_code == 403
    client.logout()
    response = client.get(reverse("advice:queue"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_another_organisations_request_answers_404_like_a_missing_one(
    client, advice_request, other_contact, citizen
):
    client.force_login(other_contact)
    for public_id in (advice_request.public_id, uuid.uuid4()):
        assert client.get(reverse("advice:request-detail", args=[public_id])).status_code == 404
    # the advisors' page of a request is about the request too: 404, not 403
    client.force_login(citizen)
    for public_id in (advice_request.public_id, uuid.uuid4()):
        assert client.get(reverse("advice:advisor-request", args=[public_id])).status_code == 404
