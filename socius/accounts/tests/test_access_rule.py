"""The access rule for people and roles: the staff pages answer 403 without the role, before any
lookup (so a person's id reveals nothing); a missing or anonymised person answers 404."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_people_pages_answer_403_without_the_role(client, citizen):
    person = UserFactory()
    client.force_login(citizen)
    assert client.get(reverse("accounts:staff-people")).status_code == 403
    for public_id in (person.public_id, uuid.uuid4()):  # the same answer, existing or not
        assert client.get(reverse("accounts:staff-person", args=[public_id])).status_code == 403
        verify = reverse("accounts:staff-politician-verify", args=[public_id])
        assert client.post(verify, {"verified": "1"}).status_code == 403


def test_a_missing_or_anonymised_person_answers_404_to_staff(client, administrator):
    gone = UserFactory()
    gone.anonymised_at = gone.date_joined
    gone.save(update_fields=["anonymised_at"])
    client.force_login(administrator)
    for public_id in (gone.public_id, uuid.uuid4()):
        assert client.get(reverse("accounts:staff-person", args=[public_id])).status_code == 404
