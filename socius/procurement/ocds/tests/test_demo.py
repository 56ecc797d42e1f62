"""The demo content of the procurement module publishes as valid OCDS, with 0 errors."""

import json

import pytest
from django.db import transaction

from socius.core.models import MunicipalSpace
from socius.procurement.ocds import packages, selectors, validation
from socius.procurement.ocds.schemas import Validator


@pytest.fixture
def demo(db):
    from socius.core import demo as core_demo
    from socius.procurement import demo as contracts_demo
    from socius.procurement.clauses import demo as clauses_demo

    with transaction.atomic():
        core_demo.demo_seed()
        contracts_demo.demo_seed()
        clauses_demo.demo_seed()
    return MunicipalSpace.objects.get(slug="aarhus")


@pytest.mark.parametrize("engine", ["jsonschema", "rs"])
def test_the_demo_data_has_no_errors(demo, engine):
    report = validation.validate_space(space=demo, engine=engine)
    assert report.releases >= 10
    assert report.errors == []


def test_the_demo_packages_are_valid_whole(demo):
    validator = Validator()
    for period in selectors.periods_for(space=demo):
        text = "".join(
            packages.release_package_stream(space=demo, period=packages.Period(period.year))
        )
        assert validator.release_package_errors(json.loads(text)) == []
        text = "".join(packages.record_package_stream(space=demo, year=period.year))
        assert validator.record_package_errors(json.loads(text)) == []


def test_the_demo_publishes_its_social_clauses(demo):
    contracts = selectors.contracts_for_data(space=demo)
    releases = list(packages.releases(selectors.contract_facts_iter(contracts), demo))
    assert any(r["tender"]["hasSustainability"] for r in releases)
