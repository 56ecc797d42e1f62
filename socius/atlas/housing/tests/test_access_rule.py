"""The access rule for housing: the administrators' pages answer 403 without
``housing.manage`` (before any lookup, so also for a slug that does not exist); a project's
edit page and an organisation's demand answer 404 to everyone who does not act for it,
exactly as for a missing one; anonymous visitors are sent to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.atlas.housing import services
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGE_GET = [
    ("housing:manage", []),
    ("housing:area-create", []),
    ("housing:area-manage", ["skovparken"]),
    ("housing:area-manage", ["findes-ikke"]),
    ("housing:initiative-edit", [1]),
    ("housing:income-import", []),
]
MANAGE_POST = [
    ("housing:area-edit", ["skovparken"]),
    ("housing:area-year", ["findes-ikke"]),
    ("housing:initiative-create", ["skovparken"]),
    ("housing:initiative-delete", [1]),
    ("housing:measure-add", [1]),
    ("housing:measure-delete", [1]),
]


def test_the_administrators_pages_answer_403_without_the_capability(client, area, citizen):
    client.force_login(citizen)
    for name, args in MANAGE_GET:
        assert client.get(reverse(name, args=args)).status_code == 403, name
    for name, args in MANAGE_POST:
        assert client.post(reverse(name, args=args), {}).status_code == 403, name


def test_anonymous_visitors_are_sent_to_log_in(client, area):
    for name, args in [*MANAGE_GET, ("housing:interest", []), ("housing:project-manage", [])]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert "/konto/login/" in response["Location"], name


def test_a_missing_object_is_404_for_an_administrator(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("housing:area-manage", args=["findes-ikke"])).status_code == 404
    assert client.get(reverse("housing:initiative-edit", args=[999])).status_code == 404
    assert client.get(reverse("housing:area-detail", args=["findes-ikke"])).status_code == 404
    assert client.get(reverse("housing:segregation-detail", args=["999"])).status_code == 404
    assert client.get(reverse("housing:segregation-detail", args=["abc"])).status_code == 404


def test_a_project_and_its_demand_answer_404_to_whoever_does_not_act_for_the_organisation(
    client, citizen, aarhus
):
    organisation = OrganisationFactory(name="Boligselskabet", contact=citizen)
    project = services.project_create(
        actor=citizen, organisation=organisation, name="Generationshuset", municipality=aarhus,
        description="Unge og ældre", homes=40, groups=["elderly", "young"], opening_year=2027,
        apply_url="",
    )  # fmt: skip
    outsider = UserFactory()
    OrganisationFactory(name="Andet selskab", contact=outsider)
    client.force_login(outsider)
    for slug in (project.slug, "findes-ikke"):
        assert client.get(reverse("housing:project-edit", args=[slug])).status_code == 404
        assert client.post(reverse("housing:project-status", args=[slug]),
                           {"status": "open"}).status_code == 404  # fmt: skip
    for slug in (organisation.slug, "findes-ikke"):
        assert client.get(reverse("housing:demand", args=[slug])).status_code == 404
    # The contact sees both.
    client.force_login(citizen)
    assert client.get(reverse("housing:project-edit", args=[project.slug])).status_code == 200
    assert client.get(reverse("housing:demand", args=[organisation.slug])).status_code == 200


def test_the_housing_organisations_page_answers_403_to_someone_acting_for_none(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("housing:project-manage")).status_code == 403
