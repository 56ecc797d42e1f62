"""Municipal spaces: which municipalities take part is data an administrator edits (audited),
and a participating municipality's space gathers its schemes under its responsible authority."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.core import services
from socius.core.models import AuditEntry, Municipality, MunicipalSpace
from socius.core.roles import Role
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db

SPACE = {
    "participates": "on",
    "authority": "Odder Kommune, Borgerservice",
    "slug": "odder",
    "intro": "Odder Kommune bruger Socius til borgerforslag.",
    "contact_email": "socius@odder.example",
    "contact_phone": "87 80 33 33",
    "address": "Rådhusgade 3, 8300 Odder",
}


@pytest.fixture
def odder():
    return Municipality.objects.get(code="727")


@pytest.fixture
def odder_space(administrator, odder):
    data = {**SPACE, "participates": True, "runs_community_advice": False}
    return services.municipal_space_save(actor=administrator, municipality=odder, **data)


def edit_url(code: str = "727") -> str:
    return reverse("core:municipality-admin-edit", args=[code])


def test_an_administrator_makes_a_municipality_take_part_and_it_is_audited(
    client, administrator, odder
):
    client.force_login(administrator)
    response = client.post(edit_url(), SPACE)
    assert response.status_code == 302
    space = MunicipalSpace.objects.get(municipality=odder)
    assert space.participates
    assert space.authority == "Odder Kommune, Borgerservice"
    entry = AuditEntry.objects.get(action="municipality.space.create")
    assert entry.actor_id == administrator.pk
    assert entry.data["municipality"] == "727"
    assert "authority" in entry.data["fields"]

    # It is listed, and its space names the authority and its contact.
    listing = client.get(reverse("core:municipality-list")).text
    assert "Odder" in listing
    page = client.get(reverse("core:municipality-space", args=["odder"]))
    assert page.status_code == 200
    header = page.text.split("<main", 1)[1].split("</header>", 1)[0]
    assert "Odder Kommune, Borgerservice" in header
    assert "dataansvarlig" in header
    assert "socius@odder.example" in header


def test_an_administrator_withdraws_a_municipality_and_its_space_is_404(
    client, administrator, odder_space
):
    client.force_login(administrator)
    data = {**SPACE}
    del data["participates"]  # an unticked checkbox is absent from the post
    assert client.post(edit_url(), data).status_code == 302
    assert AuditEntry.objects.filter(action="municipality.space.update").exists()
    assert client.get(reverse("core:municipality-space", args=["odder"])).status_code == 404
    assert "Odder" not in client.get(reverse("core:municipality-list")).text


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.EDITOR, Role.ADVISOR, Role.CASE_HANDLER])
def test_everyone_but_an_administrator_is_refused_the_admin_pages(client, odder, role):
    client.force_login(UserFactory(roles=[role] if role else [], totp=role is not None))
    assert reverse("core:municipality-admin-list") not in client.get("/kommuner/").text
    assert client.get(reverse("core:municipality-admin-list")).status_code == 403
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), SPACE).status_code == 403
    assert not MunicipalSpace.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, odder):
    response = client.get(reverse("core:municipality-admin-list"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]
    assert client.post(edit_url(), SPACE).status_code == 302
    assert not MunicipalSpace.objects.exists()


def test_the_service_refuses_an_outsider(outsider, odder):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.municipal_space_save(actor=outsider, municipality=odder, **SPACE)


def test_the_admin_list_shows_every_municipality(client, administrator, odder_space):
    client.force_login(administrator)
    listing = client.get(reverse("core:municipality-list")).text
    assert reverse("core:municipality-admin-list") in listing
    response = client.get(reverse("core:municipality-admin-list"))
    assert response.status_code == 200
    assert response.text.count(reverse("core:municipality-admin-edit", args=["101"])) == 1
    assert "Odder Kommune, Borgerservice" in response.text


def test_an_unknown_municipality_code_is_404(client, administrator):
    client.force_login(administrator)
    assert client.get(edit_url("999")).status_code == 404
    assert client.get(edit_url("<script>")).status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "../admin"),
        ("slug", "odder kommune"),
        ("slug", "x" * 200),
        ("contact_email", "not-an-address"),
        ("contact_email", ""),
        ("authority", ""),
        ("authority", "x" * 201),
        ("intro", "x" * 1001),
    ],
)
def test_hostile_input_is_refused_with_a_message(client, administrator, odder, field, value):
    client.force_login(administrator)
    response = client.post(edit_url(), {**SPACE, field: value})
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert not MunicipalSpace.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="municipality.").exists()


def test_html_in_the_details_is_shown_as_text(client, administrator, odder):
    client.force_login(administrator)
    hostile = {**SPACE, "authority": "<script>alert(1)</script>", "intro": "<b>fed</b>"}
    assert client.post(edit_url(), hostile).status_code == 302
    client.logout()
    html = client.get(reverse("core:municipality-space", args=["odder"])).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>fed</b>" not in html


def test_a_slug_in_use_is_refused(client, administrator, odder_space):
    client.force_login(administrator)
    response = client.post(edit_url("751"), {**SPACE, "authority": "Aarhus Kommune"})
    assert response.status_code == 200
    assert "form-error-message" in response.text
    assert MunicipalSpace.objects.count() == 1


def test_only_one_municipality_runs_the_advice_service(administrator, odder):
    aarhus = Municipality.objects.get(code="751")
    first = services.municipal_space_save(
        actor=administrator,
        municipality=aarhus,
        slug="aarhus",
        authority="Aarhus Kommune",
        contact_email="a@aarhus.example",
        runs_community_advice=True,
    )
    services.municipal_space_save(
        actor=administrator,
        municipality=odder,
        slug="odder",
        authority="Odder Kommune",
        contact_email="o@odder.example",
        runs_community_advice=True,
    )
    first.refresh_from_db()
    assert not first.runs_community_advice
    entry = AuditEntry.objects.filter(action="municipality.space.create").last()
    assert entry.data["advice_moved_from"] == ["aarhus"]


@pytest.mark.parametrize(
    "slug", ["koebenhavn", "findes-ikke", "odder-x", "%3Cscript%3E", "a" * 300]
)
def test_a_municipality_that_does_not_take_part_is_404(client, odder_space, slug):
    assert client.get(f"/kommuner/{slug}/").status_code == 404


def test_the_empty_space_says_so_in_plain_danish(client, odder_space):
    html = client.get(reverse("core:municipality-space", args=["odder"])).text
    assert "Der er endnu ingen offentlige borgerforslag i kommunen." in html
    assert "Kommunens whistleblowerordning er ikke på Socius." in html


def test_no_municipality_takes_part_says_so(client):
    html = client.get(reverse("core:municipality-list")).text
    assert "Ingen kommuner er med endnu." in html


def test_a_participating_municipality_is_found_by_its_name(
    client, administrator, odder, django_capture_on_commit_callbacks
):
    from django.core.cache import caches

    data = {**SPACE, "participates": True, "runs_community_advice": False}
    with django_capture_on_commit_callbacks(execute=True):
        space = services.municipal_space_save(actor=administrator, municipality=odder, **data)
    assert "/kommuner/odder/" in client.get("/soeg/?q=Odder").text
    with django_capture_on_commit_callbacks(execute=True):
        services.municipal_space_save(
            actor=administrator, municipality=space.municipality, participates=False
        )
    caches["pages"].clear()
    assert "/kommuner/odder/" not in client.get("/soeg/?q=Odder").text
