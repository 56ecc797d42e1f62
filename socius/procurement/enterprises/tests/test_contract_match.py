"""Buyers matched with enterprises that can deliver: on a contract's page, the enterprises
offering its CPV code (or a broader one) in its municipality, those that can bid for a
reserved contract first, with a link to the catalogue searched the same way."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socius.core.models import Organisation
from socius.procurement.enterprises.selectors import MATCH_LIMIT_MAX, enterprises_for_contract
from socius.procurement.models import Contract, Department
from socius.tests_support.factories import OrganisationFactory, UserFactory

from .conftest import CVR_B, CVR_C, cvr_valid, enterprise_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(space, buyer):
    department = Department.objects.create(space=space, name="Borgerservice", slug="borgerservice")
    return Contract.objects.create(
        space=space,
        department=department,
        reference="AAR-RENG-1",
        title="Rengøring af rådhuset",
        cpv_code="90919200-4",  # office cleaning, below cleaning services 90910000-9
        kind=Contract.Kind.SERVICES,
        estimated_value_ore=2_000_000_00,
        duration_months=24,
        starts_on=datetime.date(2026, 1, 1),
        procedure=Contract.Procedure.OPEN,
        status=Contract.Status.ACTIVE,
        created_by=buyer,
    )


@pytest.fixture
def enterprises(contact, organisation):
    # Grøn Vask: cleaning services in Aarhus with 35 % and evidence (can bid reserved).
    green = enterprise_make(organisation, contact, codes=("90910000-9",), areas=("751",))
    # Aarhus Rent: office cleaning in Aarhus, 29.9 % (cannot bid reserved); first by name.
    plain = enterprise_make(
        OrganisationFactory(name="Aarhus Rent", slug="aarhus-rent", cvr=CVR_B, contact=contact),
        contact, codes=("90919200-4",), areas=("751",), share_tenths=299,
    )  # fmt: skip
    # Odense Rent: the right code but not in Aarhus.
    enterprise_make(
        OrganisationFactory(name="Odense Rent", slug="odense-rent", cvr=CVR_C, contact=contact),
        contact, codes=("90910000-9",), areas=("461",),
    )  # fmt: skip
    # Parkpleje in Aarhus: another code.
    enterprise_make(
        OrganisationFactory(name="Parkpleje", slug="parkpleje", cvr=cvr_valid(1), contact=contact),
        contact, codes=("77314000-4",), areas=("751",),
    )  # fmt: skip
    return green, plain


def _detail(client, contract):
    return client.get(contract.get_absolute_url())


def test_the_selector_covers_the_code_serves_the_municipality_and_puts_reserved_first(
    contract, enterprises
):
    green, plain = enterprises
    assert enterprises_for_contract(contract=contract) == [green, plain]


def test_a_contract_for_a_broader_code_is_not_matched_by_a_narrower_offer(contract, enterprises):
    green, _plain = enterprises
    contract.cpv_code = "90910000-9"  # cleaning services: office cleaning alone does not cover it
    assert enterprises_for_contract(contract=contract) == [green]


def test_the_limit_is_kept_and_bounded(contract, enterprises):
    assert len(enterprises_for_contract(contract=contract, limit=1)) == 1
    assert len(enterprises_for_contract(contract=contract, limit=0)) == 1
    assert len(enterprises_for_contract(contract=contract, limit=10**9)) == 2
    assert MATCH_LIMIT_MAX == 20


def test_the_contract_page_lists_them_reserved_first_for_anyone(client, contract, enterprises):
    response = _detail(client, contract)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Social-economy enterprises that can deliver" in body
    assert body.index("Grøn Vask ApS") < body.index("Aarhus Rent")
    assert "Odense Rent" not in body
    assert "Parkpleje" not in body
    assert 'href="/indkoeb/socialoekonomi/groen-vask/"' in body
    # The word on reserving the contract is for buyers.
    assert "could be reserved" not in body


def test_the_catalogue_link_carries_the_catalogue_s_own_parameters(client, contract, enterprises):
    response = _detail(client, contract)
    body = response.content.decode()
    start = body.index('href="/indkoeb/socialoekonomi/?') + len('href="')
    link = body[start : body.index('"', start)].replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"cpv": ["90919200-4"], "area": ["751"]}
    # Followed, the catalogue lists the same enterprises (by name there).
    names = [e.organisation.name for e in client.get(link).context["enterprises"]]
    assert names == ["Aarhus Rent", "Grøn Vask ApS"]


def test_a_buyer_is_told_the_contract_could_be_reserved(client, contract, enterprises, buyer):
    client.force_login(buyer)
    body = _detail(client, contract).content.decode()
    assert "could be reserved for such enterprises" in body


def test_no_match_says_so_and_still_links_the_catalogue(client, contract):
    body = _detail(client, contract).content.decode()
    assert "No social-economy enterprise in the catalogue offers this CPV code" in body
    assert "/indkoeb/socialoekonomi/?cpv=90919200-4&amp;area=751" in body


def test_an_outsider_sees_the_public_list_only(client, contract, enterprises):
    client.force_login(UserFactory(name="Udenforstående"))
    body = _detail(client, contract).content.decode()
    assert "Grøn Vask ApS" in body
    assert "could be reserved" not in body
    assert "bevis" not in body  # no evidence link on the contract's page


def test_the_contract_page_keeps_its_query_count(client, contract, contact):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert _detail(client, contract).status_code == 200
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        org = OrganisationFactory(
            name=f"V{n}", slug=f"v{n}", cvr=cvr_valid(100 + n),
            kind=Organisation.Kind.SOCIAL_ECONOMY, contact=contact,
        )  # fmt: skip
        enterprise_make(
            org, contact, codes=("90910000-9", "90000000-7", "90919200-4"), areas=("751", "461"),
            share_tenths=300 + n,
        )  # fmt: skip

    add(0)
    few = count()
    for n in range(1, 9):
        add(n)
    assert count() == few
