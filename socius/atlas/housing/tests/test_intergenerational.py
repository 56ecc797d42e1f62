"""Intergenerational housing: a person registers interest (with consent), sees projects that
fit and is told when one opens; the housing organisation sees counts of at least 5 only; the
interest is in the person's data export and is erased with the account."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from socius.atlas.housing import services
from socius.atlas.housing.models import HousingInterest, IntergenerationalProject
from socius.core.models import Municipality, Notification
from socius.core.personal_data import personal_data_erase, personal_data_export
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def housing_contact(db):
    return UserFactory(email="kontakt@bolig.example")


@pytest.fixture
def organisation(housing_contact):
    return OrganisationFactory(name="Boligselskabet Test", contact=housing_contact)


@pytest.fixture
def project(housing_contact, organisation, aarhus):
    return services.project_create(
        actor=housing_contact, organisation=organisation, name="Generationshuset",
        municipality=aarhus, description="Unge og ældre under samme tag.", homes=40,
        groups=["elderly", "young"], opening_year=2027, apply_url="https://bolig.example/",
    )  # fmt: skip


def _interest(user, *, groups=("elderly",), municipality="751", age="60-74"):
    return services.interest_save(
        actor=user, age_group=age, household_size=1, groups=list(groups), needs=["step_free"],
        municipalities=[Municipality.objects.get(code=municipality)], consent=True,
        consent_text="samtykke",
    )  # fmt: skip


def test_a_person_registers_interest_through_the_page_and_sees_what_fits(
    client, citizen, project, aarhus
):
    client.force_login(citizen)
    url = reverse("housing:interest")
    data = {"age_group": "60-74", "household_size": "2", "groups": ["elderly"],
            "needs": ["step_free"], "municipalities": [aarhus.pk]}  # fmt: skip
    refused = client.post(url, data)  # no consent
    assert refused.status_code == 200
    assert not HousingInterest.objects.exists()
    client.post(url, {**data, "consent": "on"})
    interest = HousingInterest.objects.get(user=citizen)
    assert interest.household_size == 2
    assert "Housing organisations see" in interest.consent_text
    page = client.get(url).content.decode()
    assert "Generationshuset" in page
    client.post(reverse("housing:interest-delete"))
    assert not HousingInterest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("household_size", "0"), ("household_size", "x"), ("groups", "ghosts"),
     ("needs", "pool"), ("age_group", "200"), ("municipalities", "999999")],
)  # fmt: skip
def test_hostile_interest_input_is_refused(client, citizen, aarhus, field, value):
    client.force_login(citizen)
    data = {"age_group": "60-74", "household_size": "2", "groups": ["elderly"],
            "municipalities": [aarhus.pk], "consent": "on", field: value}  # fmt: skip
    assert client.post(reverse("housing:interest"), data).status_code == 200
    assert not HousingInterest.objects.exists()


def test_opening_a_project_tells_the_people_it_fits_and_nobody_else(
    housing_contact, project, mailbox
):
    fits = UserFactory()
    _interest(fits)
    other_group = UserFactory()
    _interest(other_group, groups=("families",))
    other_place = UserFactory()
    _interest(other_place, municipality="101")
    told = services.project_status_set(actor=housing_contact, project=project, status="open")
    assert told == 1
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [fits.pk]


def test_only_people_acting_for_the_organisation_publish_or_open(citizen, organisation, project,
                                                                 aarhus):  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.project_status_set(actor=citizen, project=project, status="open")
    with pytest.raises(PermissionDenied):
        services.project_create(actor=citizen, organisation=organisation, name="X",
                                municipality=aarhus, description="x", homes=1,
                                groups=["young"])  # fmt: skip
    with pytest.raises(ValidationError):
        services.project_update(actor=organisation.memberships.get().user, project=project,
                                groups=["dragons"])  # fmt: skip


def test_demand_is_counts_of_at_least_five_and_never_names(
    client, housing_contact, organisation, project
):
    for i in range(6):
        _interest(UserFactory(name=f"Hemmelig Person {i}"), age="75+" if i < 5 else "u25")
    _interest(UserFactory(name="Ung Person"), groups=("young",))
    client.force_login(housing_contact)
    page = client.get(reverse("housing:demand", args=[organisation.slug])).content.decode()
    assert "Hemmelig" not in page
    assert "Ung Person" not in page
    assert "<td>6</td>" in page  # older people
    assert "<td>5</td>" in page  # aged 75 or older
    assert page.count("fewer than 5") >= 3  # young (1), under 25 (1), 60-74 (1)


def test_the_interest_is_exported_and_erased_with_the_account(citizen):
    _interest(citizen)
    exported = personal_data_export(citizen)["housing"]["intergenerational_interest"]
    assert exported["groups"] == ["elderly"]
    assert exported["municipalities"] == ["751"]
    personal_data_erase(citizen)
    assert not HousingInterest.objects.filter(user=citizen).exists()
    assert personal_data_export(citizen)["housing"] == {"intergenerational_interest": None}


def test_a_housing_organisation_publishes_and_opens_a_project_through_the_pages(
    client, housing_contact, organisation, aarhus
):
    client.force_login(housing_contact)
    response = client.post(reverse("housing:project-manage"), {
        "organisation": organisation.pk, "name": "Nyt generationshus", "municipality": aarhus.pk,
        "description": "Boliger for unge og ældre", "homes": "1.200", "groups": ["young"],
        "apply_url": "javascript:alert(1)",
    })  # fmt: skip
    assert response.status_code == 200  # the address is refused
    client.post(reverse("housing:project-manage"), {
        "organisation": organisation.pk, "name": "Nyt generationshus", "municipality": aarhus.pk,
        "description": "Boliger for unge og ældre", "homes": "120", "groups": ["young"],
    })  # fmt: skip
    project = IntergenerationalProject.objects.get(name="Nyt generationshus")
    client.post(reverse("housing:project-status", args=[project.slug]), {"status": "open"})
    project.refresh_from_db()
    assert project.status == "open"
    assert "Nyt generationshus" in client.get(reverse("housing:project-list")).content.decode()


def test_the_project_list_runs_a_fixed_number_of_queries(
    client, housing_contact, organisation, aarhus, django_assert_max_num_queries
):
    def add(n: int, tag: str) -> None:
        for i in range(n):
            services.project_create(actor=housing_contact, organisation=organisation,
                                    name=f"Hus {tag} {i}", municipality=aarhus, description="x",
                                    homes=10, groups=["young", "elderly"])  # fmt: skip

    add(1, "a")
    url = reverse("housing:project-list")
    client.get(url)
    with django_assert_max_num_queries(5) as small:
        client.get(url + "?a=1")
    add(8, "b")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url + "?a=2")
