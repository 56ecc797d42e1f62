"""Enterprises on the municipality's page and in the platform search."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.core.models import Municipality
from socius.core.search_registry import registration_get
from socius.procurement.enterprises import services
from socius.procurement.enterprises.sections import municipality_social_economy
from socius.tests_support.factories import OrganisationFactory

from .conftest import CVR_B, cvr_valid, enterprise_make

pytestmark = pytest.mark.django_db


def _page(client):
    return client.get(reverse("core:municipality-space", args=["aarhus"]))


def test_the_municipality_page_lists_enterprises_serving_it_and_its_companies(
    client, space, contact, organisation, admin_companies
):
    enterprise_make(organisation, contact, areas=("751",))
    enterprise_make(
        OrganisationFactory(name="Odense Rent", slug="odense-rent", cvr=CVR_B, contact=contact),
        contact, areas=("461",),
    )  # fmt: skip
    services.company_create(
        actor=admin_companies, space=space, name="AffaldVarme Aarhus", cvr=cvr_valid(7),
        ownership="100 %", activity="Affald og fjernvarme",
    )  # fmt: skip
    body = _page(client).content.decode()
    assert "Social-economy enterprises and municipal companies" in body
    assert 'href="/indkoeb/socialoekonomi/groen-vask/"' in body
    assert "Odense Rent" not in body
    assert "AffaldVarme Aarhus" in body
    assert 'href="/indkoeb/selskaber/aarhus/affaldvarme-aarhus/"' in body
    assert 'href="/indkoeb/selskaber/aarhus/"' in body


def test_the_section_is_empty_when_there_is_nothing(client, space):
    assert municipality_social_economy(municipality=space.municipality) == []
    body = _page(client).content.decode()
    assert "No social-economy enterprise in the catalogue serves the municipality yet" in body


def test_the_section_costs_two_queries_whatever_the_data(space, contact, admin_companies):
    municipality = Municipality.objects.get(code="751")
    for n in range(12):
        org = OrganisationFactory(name=f"V{n}", slug=f"v{n}", cvr=cvr_valid(n), contact=contact)
        enterprise_make(org, contact, areas=("751",))
        services.company_create(
            actor=admin_companies, space=space, name=f"Selskab {n}", cvr=cvr_valid(50 + n),
            ownership="100 %", activity="x",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        [item] = municipality_social_economy(municipality=municipality)
        names = [e.organisation.name for e in item["enterprises"]]
        urls = [c.get_absolute_url() for c in item["companies"]]
    assert len(ctx.captured_queries) == 2
    assert len(names) == 10
    assert len(urls) == 10


def test_the_municipality_page_keeps_its_query_count(client, space, contact, admin_companies):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert _page(client).status_code == 200
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        org = OrganisationFactory(name=f"V{n}", slug=f"v{n}", cvr=cvr_valid(n), contact=contact)
        enterprise_make(org, contact, areas=("751",))
        services.company_create(
            actor=admin_companies, space=space, name=f"Selskab {n}", cvr=cvr_valid(50 + n),
            ownership="100 %", activity="x",
        )  # fmt: skip

    add(0)
    count()  # the first request fills caches that are not this section's business
    few = count()
    for n in range(1, 8):
        add(n)
    assert count() == few


def test_enterprises_are_registered_for_search():
    registration = registration_get("procurement_enterprise")
    assert registration is not None
    assert registration.module == "procurement"


def test_a_registered_enterprise_is_found_by_its_offer_and_name(
    client, contact, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_make(organisation, contact, codes=("90910000-9",), areas=("751",))
    body = client.get("/soeg/", {"q": "Grøn Vask"}).content.decode()
    assert 'href="/indkoeb/socialoekonomi/groen-vask/"' in body
    # Found by what it offers (the CPV label) too.
    body = client.get("/soeg/", {"q": "rengøring"}).content.decode()
    assert 'href="/indkoeb/socialoekonomi/groen-vask/"' in body


def test_search_holds_public_facts_only(
    client, contact, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_make(organisation, contact)
    # The staff share's note is shown on the page but is not what the search is for; the
    # evidence never is.
    body = client.get("/soeg/", {"q": "fleksjob"}).content.decode()
    assert "groen-vask" not in body


def test_an_update_reaches_the_index(
    client, contact, organisation, django_capture_on_commit_callbacks
):
    from .conftest import TODAY, facts

    with django_capture_on_commit_callbacks(execute=True):
        enterprise = enterprise_make(organisation, contact, codes=("90910000-9",))
    with django_capture_on_commit_callbacks(execute=True):
        services.enterprise_update(
            actor=contact, enterprise=enterprise, facts=facts(capacity="Vi vasker vinduer."),
            areas=list(enterprise.areas.all()), cpv_codes=["77314000-4"], today=TODAY,
        )  # fmt: skip
    assert "groen-vask" in client.get("/soeg/", {"q": "vinduer"}).content.decode()
