"""The supplier page is reachable by links: from the procurement home page for everyone, and
from a contract's page for the people who act for its supplier."""

from __future__ import annotations

import pytest
from django.urls import reverse

from socius.core.models import Membership
from socius.core.roles import Role
from socius.procurement import services
from socius.tests_support.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUPPLIER_URL = "/indkoeb/leverandoer/"


@pytest.fixture
def supplier_contact(db):
    return UserFactory(roles=[Role.CITIZEN], name="Lars Leverandør")


@pytest.fixture
def contract(space, buyer, department, supplier_contact):
    supplier = OrganisationFactory(name="Byg & Anlæg A/S", cvr="", contact=supplier_contact)
    return services.contract_create(
        actor=buyer, space=space, reference="T-9", title="Skolebyggeri", department=department,
        cpv_code="45000000-7", kind="works", estimated_value_ore=6_000_000_000,
        duration_months=18, procedure="open", supplier=supplier,
    )  # fmt: skip


def test_the_urls_are_the_ones_linked():
    assert reverse("procurement_clauses:supplier-home") == SUPPLIER_URL
    assert reverse("procurement_enterprises:register") == "/indkoeb/socialoekonomi/tilmeld/"


def test_the_home_page_has_an_entry_for_suppliers(client):
    body = client.get(reverse("procurement:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="suppliers"' in body
    assert f'href="{SUPPLIER_URL}"' in body
    assert 'href="/indkoeb/socialoekonomi/tilmeld/"' in body


def test_the_supplier_s_contact_gets_the_link_on_the_contract_page(
    client, contract, supplier_contact
):
    client.force_login(supplier_contact)
    body = client.get(contract.get_absolute_url()).content.decode()
    assert f'href="{SUPPLIER_URL}"' in body


def test_a_board_member_of_the_supplier_gets_it_too(client, contract):
    member = UserFactory(roles=[Role.CITIZEN])
    Membership.objects.create(
        user=member, organisation=contract.supplier, role=Membership.Role.BOARD_MEMBER
    )
    client.force_login(member)
    assert f'href="{SUPPLIER_URL}"' in client.get(contract.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "buyer", "plain member"])
def test_others_do_not_get_the_supplier_link(client, contract, buyer, who):
    if who == "outsider":
        client.force_login(UserFactory(roles=[Role.CITIZEN]))
    elif who == "buyer":
        client.force_login(buyer)
    elif who == "plain member":
        member = UserFactory(roles=[Role.CITIZEN])
        Membership.objects.create(
            user=member, organisation=contract.supplier, role=Membership.Role.MEMBER
        )
        client.force_login(member)
    response = client.get(contract.get_absolute_url())
    assert response.status_code == 200
    assert f'href="{SUPPLIER_URL}"' not in response.content.decode()


def test_a_contract_without_a_supplier_links_no_supplier_page(client, space, buyer, department):
    contract = services.contract_create(
        actor=buyer, space=space, reference="T-10", title="Vejarbejde", department=department,
        cpv_code="45000000-7", kind="works", estimated_value_ore=100_000_00,
        duration_months=3, procedure="open",
    )  # fmt: skip
    client.force_login(UserFactory(roles=[Role.CITIZEN]))
    assert f'href="{SUPPLIER_URL}"' not in client.get(contract.get_absolute_url()).content.decode()
