import json

import pytest
from django.contrib.auth import get_user_model

from socius.core.models import AuditEntry, Membership, Organisation, RoleAssignment
from socius.tests_support.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_and_saves(client, citizen):
    client.force_login(citizen)
    response = client.get("/profil/")
    assert response.status_code == 200
    assert citizen.email in response.text
    response = client.post("/profil/", {"name": "Mette B.", "language": "en", "roles": ["citizen"]})
    citizen.refresh_from_db()
    assert (citizen.name, citizen.language) == ("Mette B.", "en")


def test_profile_refuses_hostile_input(client, citizen):
    client.force_login(citizen)
    response = client.post(
        "/profil/", {"name": "<b>x</b>" * 40, "language": "xx", "roles": ["hacker"]}
    )
    assert response.status_code == 200
    assert "<b>x</b>" not in response.text
    citizen.refresh_from_db()
    assert citizen.name != "<b>x</b>" * 40


def test_anonymous_visitors_are_sent_to_login(client):
    for url in ["/profil/", "/profil/mine-data/", "/profil/slet/", "/profil/politiker/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/login/")


def test_a_person_downloads_all_their_data(client, citizen):
    org = OrganisationFactory(contact=citizen)
    client.force_login(citizen)
    response = client.get("/profil/mine-data/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == citizen.email
    assert data["core"]["roles"] == ["citizen"]
    assert data["core"]["memberships"][0]["organisation"] == org.name
    assert "secret" not in response.content.decode()


def test_deleting_the_account_anonymises_and_keeps_public_work(client, citizen):
    org = OrganisationFactory(contact=citizen)
    other = UserFactory()
    Membership.objects.create(organisation=org, user=other, role="contact")
    client.force_login(citizen)

    response = client.post("/profil/slet/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "Adgangskoden er ikke korrekt" in response.text

    response = client.post("/profil/slet/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user = get_user_model().objects.get(pk=citizen.pk)
    assert user.anonymised_at is not None
    assert user.email.endswith("@anonymised.invalid")
    assert user.display_name == "Slettet bruger"
    assert not user.is_active
    assert not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert AuditEntry.objects.filter(action="account.delete", actor_id=user.pk).exists()
    assert client.get("/profil/").status_code == 302
    assert not client.login(email=citizen.email, password=PASSWORD)
