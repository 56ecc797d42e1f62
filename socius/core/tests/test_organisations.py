import pytest
from django.urls import reverse

from socius.core.models import AuditEntry, Membership, Municipality, Organisation
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "name": "Fællesskabshuset Vest",
        "kind": "association",
        "cvr": "",
        "municipality": Municipality.objects.get(code="751").pk,
        "description": "Spisefællesskab hver torsdag.",
        "website": "",
        "email": "",
    }
    data.update(overrides)
    return data


def test_a_citizen_registers_an_organisation_and_becomes_its_contact(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("core:organisation-create"), _form())
    org = Organisation.objects.get(name="Fællesskabshuset Vest")
    assert response.status_code == 302
    assert response["Location"] == org.get_absolute_url()
    assert org.slug == "faellesskabshuset-vest"
    assert Membership.objects.get(organisation=org).user == citizen
    assert AuditEntry.objects.filter(action="organisation.create", target_id=str(org.pk)).exists()


def test_a_company_must_have_a_valid_cvr_number(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("core:organisation-create"), _form(kind="company"))
    assert response.status_code == 200
    assert "skal have et CVR-nummer" in response.text
    response = client.post(
        reverse("core:organisation-create"), _form(kind="company", cvr="12345678")
    )
    assert "Indtast et gyldigt CVR-nummer" in response.text
    assert not Organisation.objects.exists()
    response = client.post(
        reverse("core:organisation-create"), _form(kind="company", cvr="DK 2531 3763")
    )
    assert response.status_code == 302
    assert Organisation.objects.get().cvr == "25313763"


def test_two_organisations_cannot_share_a_cvr_number(client, citizen):
    OrganisationFactory(cvr="25313763", kind="company")
    client.force_login(citizen)
    response = client.post(
        reverse("core:organisation-create"), _form(kind="company", cvr="25313763")
    )
    assert response.status_code == 200
    assert Organisation.objects.count() == 1


def test_hostile_input_is_refused_with_clear_errors(client, citizen):
    client.force_login(citizen)
    response = client.post(
        reverse("core:organisation-create"),
        _form(
            name="<img src=x onerror=alert(1)>" * 20,
            website="javascript:alert(1)",
            email="ikke en mail",
        ),
    )
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert "Indtast en gyldig URL" in response.text
    assert not Organisation.objects.exists()


def test_the_contact_edits_the_organisation(client, citizen):
    org = OrganisationFactory(contact=citizen)
    client.force_login(citizen)
    response = client.post(
        reverse("core:organisation-edit", args=[org.slug]), _form(name="Nyt navn")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Nyt navn"


def test_an_outsider_cannot_edit_and_sees_404(client, citizen, outsider):
    org = OrganisationFactory(contact=citizen)
    client.force_login(outsider)
    assert client.get(reverse("core:organisation-edit", args=[org.slug])).status_code == 404
    assert (
        client.post(
            reverse("core:organisation-edit", args=[org.slug]), _form(name="Hacked")
        ).status_code
        == 404
    )
    assert client.get(reverse("core:organisation-members", args=[org.slug])).status_code == 404
    org.refresh_from_db()
    assert org.name != "Hacked"


def test_members_are_added_and_the_last_contact_is_kept(client, citizen):
    org = OrganisationFactory(contact=citizen)
    other = UserFactory()
    client.force_login(citizen)
    url = reverse("core:organisation-members", args=[org.slug])
    response = client.post(url, {"email": other.email.upper(), "role": "board_member"})
    assert response.status_code == 302
    assert Membership.objects.get(organisation=org, user=other).role == "board_member"

    own = Membership.objects.get(organisation=org, user=citizen)
    response = client.post(
        reverse("core:organisation-member-remove", args=[org.slug, own.pk]), follow=True
    )
    assert "mindst én kontaktperson" in response.text
    assert Membership.objects.filter(pk=own.pk).exists()

    response = client.post(url, {"email": "ukendt@example.dk", "role": "member"})
    assert "Der er ingen med den e-mailadresse" in response.text


def test_the_list_filters_and_keeps_its_query_count(client, django_assert_max_num_queries):
    aarhus = Municipality.objects.get(code="751")
    kbh = Municipality.objects.get(code="101")
    for i in range(30):
        OrganisationFactory(
            municipality=aarhus if i % 2 else kbh, kind="club" if i % 3 == 0 else "association"
        )
    with django_assert_max_num_queries(5):
        response = client.get(reverse("core:organisation-list"), {"municipality": "751"})
    assert response.status_code == 200
    assert "15 organisationer" in response.text
    response = client.get(reverse("core:organisation-list"), {"kind": "club", "side": "2"})
    assert response.status_code == 200


def test_hostile_filters_do_not_break_the_list(client):
    response = client.get(
        reverse("core:organisation-list"),
        {"q": "' OR 1=1 --" * 50, "kind": "<x>", "municipality": "999", "side": "-5"},
    )
    assert response.status_code == 200


def test_slug_free_numbers_a_taken_address_from_2() -> None:
    from socius.core.text import slug_free

    taken = {"cafe", "cafe-2"}
    assert slug_free("cafe", taken.__contains__) == "cafe-3"
    assert slug_free("bageri", taken.__contains__) == "bageri"
