import json

import pytest
from django.test import override_settings

from socius.procurement.ocds import packages, selectors
from socius.procurement.ocds.schemas import Validator
from socius.procurement.ocds.tests.conftest import (
    STATUSES,
    add_clause,
    add_lots,
    add_obligation,
)


def _release(space, contract):
    facts = selectors.contract_facts_iter(
        selectors.contracts_for_data(space=space).filter(pk=contract.pk)
    )
    (release,) = list(packages.releases(facts, space))
    return release


@pytest.fixture(scope="module")
def validator():
    return Validator(engine="jsonschema")


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("lots", [0, 3])
def test_every_status_gives_a_valid_release(space, make_contract, validator, status, lots):
    contract = make_contract(status)
    add_lots(contract, lots)
    if status in ("active", "completed"):
        clause = add_clause(contract, "training", trainees_per_million=1)
        add_obligation(clause, 1, report="approved", trainees=7, employed=None)
        add_obligation(clause, 2, report="non_conforming")
        add_obligation(clause, 3)
        add_clause(contract, "labour")
    release = _release(space, contract)
    assert validator.release_errors(release) == []


@pytest.mark.parametrize(
    ("status", "tags", "sections"),
    [
        ("planning", ["planning"], {"tender"}),
        ("tender", ["tender"], {"tender"}),
        ("awarded", ["award"], {"tender", "awards"}),
        ("active", ["contract"], {"tender", "awards", "contracts"}),
        ("completed", ["contract", "implementation"], {"tender", "awards", "contracts"}),
        ("cancelled", ["tenderCancellation"], {"tender"}),
    ],
)
def test_tags_and_sections_follow_the_status(space, make_contract, status, tags, sections):
    release = _release(space, make_contract(status))
    assert release["tag"] == tags
    assert sections == {k for k in ("tender", "awards", "contracts") if k in release}


def test_a_contract_cancelled_after_the_award_cancels_the_award(space, make_contract, supplier):
    release = _release(space, make_contract("cancelled", supplier=supplier))
    assert release["tag"] == ["awardCancellation"]
    assert release["awards"][0]["status"] == "cancelled"
    assert "contracts" not in release


@override_settings(PROCUREMENT_OCID_PREFIX="ocds-abc123")
def test_the_ocid_is_the_prefix_setting_and_the_public_id(space, make_contract):
    contract = make_contract("tender")
    release = _release(space, contract)
    assert release["ocid"] == f"ocds-abc123-{contract.public_id}"
    assert release["id"].startswith(release["ocid"] + "-")
    assert "#" not in release["id"]


def test_the_buyer_is_the_municipality_by_its_code_and_the_supplier_by_cvr(space, make_contract):
    release = _release(space, make_contract("active"))
    buyer, supplier = release["parties"]
    assert buyer["id"] == "DK-KOMMUNEKODE-751-teknik-og-miljoe"
    assert buyer["identifier"] == {
        "scheme": "DK-KOMMUNEKODE",
        "id": "751",
        "legalName": space.authority or space.name,
    }
    assert buyer["roles"] == ["buyer"]
    assert release["buyer"] == {"id": buyer["id"], "name": buyer["name"]}
    assert "Teknik og Miljø" in buyer["name"]
    assert supplier["id"] == "DK-CVR-25313763"
    assert supplier["identifier"]["scheme"] == "DK-CVR"
    assert supplier["roles"] == ["supplier"]
    assert release["awards"][0]["suppliers"] == [{"id": supplier["id"], "name": supplier["name"]}]


def test_a_supplier_without_cvr_has_no_identifier(space, make_contract):
    from socius.tests_support.factories import OrganisationFactory

    release = _release(space, make_contract("active", supplier=OrganisationFactory(cvr="")))
    supplier = release["parties"][1]
    assert supplier["id"].startswith("SOCIUS-ORG-")
    assert "identifier" not in supplier


def test_the_tender_in_danish_with_value_items_and_period(space, make_contract):
    contract = make_contract(
        "tender", estimated_value_ore=499_999_999, kind="services", procedure="restricted"
    )
    release = _release(space, contract)
    tender = release["tender"]
    assert release["language"] == "da"
    assert tender["id"] == contract.reference
    assert tender["status"] == "active"
    assert tender["statusDetails"] == "I udbud" or tender["statusDetails"]
    assert tender["procurementMethod"] == "selective"
    assert tender["mainProcurementCategory"] == "services"
    assert tender["value"] == {"amount": 4999999.99, "currency": "DKK"}
    assert tender["items"][0]["classification"]["scheme"] == "CPV"
    assert tender["items"][0]["classification"]["id"] == "45000000"
    assert tender["contractPeriod"]["startDate"] == "2026-03-01T00:00:00+01:00"
    assert tender["contractPeriod"]["durationInDays"] == 548
    assert tender["hasSustainability"] is False
    assert "sustainability" not in tender


def test_lots_are_items_with_their_value(space, make_contract):
    contract = make_contract("tender")
    add_lots(contract, 2)
    items = _release(space, contract)["tender"]["items"]
    assert [i["id"] for i in items] == ["lot-1", "lot-2"]
    assert items[0]["unit"]["value"] == {"amount": 1234567.9, "currency": "DKK"}
    assert items[0]["classification"]["id"] == "45210000"


def test_clauses_are_sustainability(space, make_contract):
    contract = make_contract("active")
    for category in ("training", "labour", "social_employment", "reserved"):
        add_clause(contract, category)
    tender = _release(space, contract)["tender"]
    assert tender["hasSustainability"] is True
    goals = {(s["goal"], tuple(s["strategies"])) for s in tender["sustainability"]}
    assert goals == {
        ("social.apprenticeshipOpportunities", ("contractPerformanceConditions",)),
        ("social.laborRightsPromotion", ("contractPerformanceConditions",)),
        ("social.disadvantagedEmploymentOpportunities", ("contractPerformanceConditions",)),
        ("social.disadvantagedEmploymentOpportunities", ("selectionCriteria",)),
    }


def test_implementation_shows_counts_of_approved_reports_only(space, make_contract):
    contract = make_contract("active")
    clause = add_clause(contract, "training")
    add_obligation(
        clause, 1, report="approved", trainees=7, employed=3, share_percent=12, conditions_met=True
    )
    add_obligation(clause, 2, report="non_conforming", trainees=987_654)
    add_obligation(clause, 3, report="submitted", trainees=876_543)
    add_obligation(clause, 4)
    release = _release(space, contract)
    assert release["tag"] == ["contract", "implementation"]
    implementation = release["contracts"][0]["implementation"]
    met, not_met, waiting, due = implementation["milestones"]
    assert [m["status"] for m in (met, not_met, waiting, due)] == [
        "met",
        "notMet",
        "scheduled",
        "scheduled",
    ]
    assert met["type"] == "reporting"
    assert "7" in met["description"]
    # Under the small-cell limit a count of people is not published.
    assert "3 " not in met["description"]
    assert "5" in met["description"]
    assert "12" in met["description"]
    (document,) = implementation["documents"]
    assert document["documentType"] == "physicalProgressReport"
    assert document["url"].endswith(f"/resultater/{clause.public_id}/")
    text = json.dumps(release, ensure_ascii=False)
    # Nothing from a report that is not approved, and nothing a supplier wrote.
    assert "987654" not in text
    assert "876543" not in text
    assert "Peter Hansen" not in text
    assert "Navnene" not in text


def test_html_in_a_title_stays_text(space, make_contract, validator):
    contract = make_contract("tender", title="<script>alert(1)</script>", description="x" * 5000)
    release = _release(space, contract)
    assert release["tender"]["title"] == "<script>alert(1)</script>"
    assert validator.release_errors(release) == []
