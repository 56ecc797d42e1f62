"""The public catalogue: search by CPV code (an offered code covers the codes below it), by
the municipality served, and by the 30 % rule; a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from socius.core.models import Organisation
from socius.procurement.cpv import cpv_covers
from socius.procurement.enterprises.selectors import cpv_ancestor_roots, enterprise_catalogue
from socius.tests_support.factories import OrganisationFactory

from .conftest import CVR_B, CVR_C, cvr_valid, enterprise_make

pytestmark = pytest.mark.django_db

URL = "/indkoeb/socialoekonomi/"


@pytest.fixture
def three(contact, organisation):
    cleaning = enterprise_make(organisation, contact, codes=("90910000-9",), areas=("751",))
    parks = enterprise_make(
        OrganisationFactory(name="Parkpleje", slug="parkpleje", cvr=CVR_B, contact=contact),
        contact, codes=("77314000-4",), areas=("751", "461"), share_tenths=299,
    )  # fmt: skip
    offices = enterprise_make(
        OrganisationFactory(name="Kontorren", slug="kontorren", cvr=CVR_C, contact=contact),
        contact, codes=("90919200-4",), areas=("461",),
    )  # fmt: skip
    return cleaning, parks, offices


def _names(response) -> list[str]:
    return [e.organisation.name for e in response.context["enterprises"]]


def test_the_url_is_the_catalogue():
    assert reverse("procurement_enterprises:catalogue") == URL


def test_an_enterprise_offering_a_parent_code_covers_a_wanted_child_code(client, three):
    # Office cleaning (90919200-4) is below cleaning services (90910000-9).
    response = client.get(URL, {"cpv": "90919200-4"})
    assert _names(response) == ["Grøn Vask ApS", "Kontorren"]
    # The parent code is not covered by an enterprise offering only the child.
    assert _names(client.get(URL, {"cpv": "90910000-9"})) == ["Grøn Vask ApS"]
    assert _names(client.get(URL, {"cpv": "90910000"})) == ["Grøn Vask ApS"]


@pytest.mark.parametrize(
    ("offered", "wanted"),
    [("90910000-9", "90919200-4"), ("90910000-9", "90910000-9"), ("90919200-4", "90910000-9"),
     ("45000000-7", "45216129-4"), ("45200000-9", "45100000-8"), ("03000000-1", "03100000-2")],
)  # fmt: skip
def test_the_query_agrees_with_cpv_covers(offered, wanted):
    from socius.procurement.enterprises.models import cpv_root

    assert (cpv_root(offered) in cpv_ancestor_roots(wanted)) is cpv_covers(offered, wanted)


def test_search_by_area_and_code_together(client, three):
    assert _names(client.get(URL, {"area": "461"})) == ["Kontorren", "Parkpleje"]
    assert _names(client.get(URL, {"area": "461", "cpv": "77314000-4"})) == ["Parkpleje"]
    assert _names(client.get(URL, {"area": "101"})) == []


def test_only_those_that_can_bid_for_reserved_contracts(client, three):
    response = client.get(URL, {"reserved": "on"})
    assert _names(response) == ["Grøn Vask ApS", "Kontorren"]  # Parkpleje has 29.9 %
    body = response.content.decode()
    assert body.count("Can bid for reserved contracts") >= 2


@pytest.mark.parametrize(
    ("params", "message"),
    [({"cpv": "12345678-9"}, "CPV"), ({"cpv": "90910000-1"}, "check digit"),
     ({"cpv": "<script>alert(1)</script>"}, "CPV"), ({"area": "999"}, "valid choice"),
     ({"cpv": "9" * 500}, "CPV")],
)  # fmt: skip
def test_a_bad_search_says_why_and_lists_nothing(client, three, params, message):
    response = client.get(URL, params)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "<script>alert(1)</script>" not in body
    assert _names(response) == []


def test_the_catalogue_keeps_its_query_count(client, contact, django_assert_max_num_queries):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"cpv": "90919200-4", "area": "751"}).status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        org = OrganisationFactory(
            name=f"V{n}", slug=f"v{n}", cvr=cvr_valid(n), kind=Organisation.Kind.SOCIAL_ECONOMY,
            contact=contact,
        )  # fmt: skip
        enterprise_make(org, contact, codes=("90910000-9", "90000000-7"), areas=("751", "461"))
    few = count()
    for n in range(2, 12):
        org = OrganisationFactory(name=f"V{n}", slug=f"v{n}", cvr=cvr_valid(n), contact=contact)
        enterprise_make(org, contact, codes=("90910000-9", "90000000-7"), areas=("751", "461"))
    assert len(enterprise_catalogue(cpv_code="90919200-4")) == 12
    assert count() == few


def test_the_enterprise_page_shows_the_offer_with_labels(client, three):
    response = client.get(reverse("procurement_enterprises:enterprise-detail", args=["parkpleje"]))
    body = response.content.decode()
    assert "77314000-4" in body
    assert "Grounds maintenance services" in body
    assert "Reserved contracts need at least 30 percent" in body
