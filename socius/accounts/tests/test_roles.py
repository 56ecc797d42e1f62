import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socius.core import services
from socius.core.access import user_can, user_roles
from socius.core.models import AuditEntry, Party, PoliticianProfile, RoleAssignment
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_chooses_public_roles_on_the_profile(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/profil/", {"name": "Mette", "language": "da", "roles": ["citizen", "volunteer"]}
    )
    assert response.status_code == 302
    assert set(RoleAssignment.objects.filter(user=outsider).values_list("role", flat=True)) == {
        "citizen",
        "volunteer",
    }
    client.post("/profil/", {"name": "Mette", "language": "da", "roles": ["volunteer"]})
    assert list(RoleAssignment.objects.filter(user=outsider).values_list("role", flat=True)) == [
        "volunteer"
    ]


def test_a_person_cannot_choose_a_staff_role(client, outsider):
    client.force_login(outsider)
    response = client.post("/profil/", {"name": "", "language": "da", "roles": ["administrator"]})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=outsider).exists()
    with pytest.raises(ValidationError):
        services.roles_set_public(actor=outsider, roles={"editor"})


def test_only_an_administrator_grants_staff_roles(client, administrator, citizen):
    with pytest.raises(PermissionDenied):
        services.role_grant(actor=citizen, user=citizen, role=Role.EDITOR)
    client.force_login(administrator)
    url = f"/administration/personer/{citizen.public_id}/roller/"
    response = client.post(url + "tildel/", {"role": "editor"})
    assert response.status_code == 302
    assert "editor" in user_roles(type(citizen).objects.get(pk=citizen.pk))
    assert AuditEntry.objects.filter(action="role.grant", data__role="editor").exists()
    client.post(url + "fjern/", {"role": "editor"})
    assert not RoleAssignment.objects.filter(user=citizen, role="editor").exists()


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADVISOR, Role.CASE_HANDLER])
def test_staff_other_than_administrators_are_denied_the_people_list(client, role, citizen):
    # The list shows every person's e-mail address: advisors and whistleblower handlers
    # have no need to see it.
    staff = UserFactory(roles=[role], totp=True)
    client.force_login(staff)
    assert client.get("/administration/personer/").status_code == 403
    assert client.get(f"/administration/personer/{citizen.public_id}/").status_code == 403
    response = client.post(
        f"/administration/personer/{citizen.public_id}/roller/tildel/",
        {"role": "administrator"},
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=citizen, role="administrator").exists()
    # ... and the header does not offer it.
    assert "/administration/personer/" not in client.get("/").text


def test_administrators_see_the_people_list_and_its_header_link(client, administrator, citizen):
    client.force_login(administrator)
    response = client.get("/administration/personer/")
    assert response.status_code == 200
    assert citizen.email in response.text
    assert "/administration/personer/" in client.get("/").text


@pytest.mark.parametrize("who", ["citizen", "outsider"])
def test_non_staff_are_denied_the_people_pages(client, request, who, administrator):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/administration/personer/").status_code == 403
    assert client.get(f"/administration/personer/{administrator.public_id}/").status_code == 403
    response = client.post(
        f"/administration/personer/{administrator.public_id}/roller/tildel/",
        {"role": "editor"},
    )
    assert response.status_code == 403
    response = client.post(
        f"/administration/personer/{administrator.public_id}/roller/fjern/",
        {"role": "administrator"},
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(user=administrator, role="administrator").exists()


def test_the_role_actions_take_only_a_post_with_a_staff_role(client, administrator, citizen):
    client.force_login(administrator)
    base = f"/administration/personer/{citizen.public_id}/roller/"
    # Each action has its own URL and answers only POST.
    assert client.get(base + "tildel/").status_code == 405
    assert client.get(base + "fjern/").status_code == 405
    # The person page itself no longer changes anything on POST.
    assert (
        client.post(f"/administration/personer/{citizen.public_id}/", {"role": "editor"})
    ).status_code == 405
    # A forged role (not a staff role) is refused with the page and its error; nothing written.
    for role in ["citizen", "superuser", "", "editor'--"]:
        response = client.post(base + "tildel/", {"role": role})
        assert response.status_code == 200
        assert "alert-error" in response.text
    assert not RoleAssignment.objects.filter(user=citizen).exclude(role="citizen").exists()
    assert not AuditEntry.objects.filter(action="role.grant").exists()
    # An unknown person is a 404.
    missing = "/administration/personer/00000000-0000-0000-0000-000000000000/roller/tildel/"
    assert client.post(missing, {"role": "editor"}).status_code == 404


def test_an_administrator_cannot_remove_their_own_administrator_role(administrator):
    with pytest.raises(ValidationError):
        services.role_revoke(actor=administrator, user=administrator, role=Role.ADMINISTRATOR)


def test_politicians_state_a_party_and_only_staff_verify_it(client, citizen, editor):
    party = Party.objects.get(letter="V")
    client.force_login(citizen)
    response = client.post(
        "/profil/politiker/", {"party": party.pk, "office": "Byrådsmedlem i Aarhus"}
    )
    assert response.status_code == 302
    profile = PoliticianProfile.objects.get(user=citizen)
    assert not profile.is_verified
    assert "politician" in user_roles(citizen)

    # A politician cannot verify themself.
    response = client.post(
        f"/administration/personer/{citizen.public_id}/verificer/", {"verified": "1"}
    )
    assert response.status_code == 403

    client.force_login(editor)
    client.post(f"/administration/personer/{citizen.public_id}/verificer/", {"verified": "1"})
    profile.refresh_from_db()
    assert profile.is_verified
    assert profile.verified_by == editor

    # Changing party withdraws the verification.
    services.politician_declare(actor=citizen, party=Party.objects.get(letter="A"), office="")
    profile.refresh_from_db()
    assert not profile.is_verified


def test_the_politician_role_needs_a_party(citizen):
    with pytest.raises(ValidationError):
        services.role_grant(actor=citizen, user=citizen, role=Role.POLITICIAN)


def test_capabilities_follow_roles():
    editor = UserFactory(roles=[Role.EDITOR])
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    citizen = UserFactory(roles=[Role.CITIZEN])
    assert user_can(editor, "theme.edit")
    assert not user_can(editor, "role.grant_staff")
    assert user_can(admin, "role.grant_staff")
    assert user_can(admin, "audit.view")
    assert not any(user_can(citizen, c) for c in ["theme.edit", "person.list", "audit.view"])


def test_the_last_administrator_cannot_delete_their_account(client, administrator):
    from socius.tests_support.factories import PASSWORD

    client.force_login(administrator)
    response = client.post("/profil/slet/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert "sidste administrator" in response.text
    administrator.refresh_from_db()
    assert administrator.is_active


def test_django_staff_flag_also_requires_mfa(client):
    from socius.tests_support.factories import PASSWORD

    staff = UserFactory(is_staff=True)
    client.post("/konto/login/", {"login": staff.email, "password": PASSWORD})
    response = client.get("/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/totp/activate/")
