import datetime
import json

import pytest
from django.utils import timezone

from socius.procurement.ocds import packages, selectors, validation
from socius.procurement.ocds.packages import Period
from socius.procurement.ocds.schemas import Validator
from socius.procurement.ocds.tests.conftest import STATUSES, add_clause, add_obligation

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def contracts(make_contract):
    made = []
    for status in STATUSES:
        contract = make_contract(status)
        if status == "completed":
            clause = add_clause(contract, "social_employment")
            add_obligation(clause, 1, report="approved", employed=8)
        made.append(contract)
    return made


def _text(chunks):
    return "".join(chunks)


def test_the_release_package_is_valid_and_holds_every_contract(space, contracts):
    text = _text(packages.release_package_stream(space=space, period=Period(2026), now=NOW))
    package = json.loads(text)
    assert Validator(engine="jsonschema").release_package_errors(package) == []
    assert len(package["releases"]) == len(contracts)
    assert package["version"] == "1.1"
    assert package["extensions"] == [
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_sustainability_extension/master/extension.json"
    ]
    assert package["uri"].endswith("/indkoeb/aabne-data/aarhus/2026/releases.json")
    assert package["publisher"]["uid"] == "751"
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_the_stream_is_the_same_text_as_one_json_dump(space, contracts):
    chunks = list(packages.release_package_stream(space=space, period=Period(2026), now=NOW))
    # The envelope, one piece per release, and the end: never the whole package at once.
    assert len(chunks) == len(contracts) + 2
    package = json.loads("".join(chunks))
    assert "".join(chunks) == json.dumps(package, ensure_ascii=False)


def test_an_empty_month_is_a_valid_empty_package(space, contracts):
    package = json.loads(
        _text(packages.release_package_stream(space=space, period=Period(2026, 7), now=NOW))
    )
    assert package["releases"] == []
    assert Validator(engine="jsonschema").release_package_errors(package) == []


def test_the_record_package_is_valid(space, contracts):
    package = json.loads(_text(packages.record_package_stream(space=space, year=2026, now=NOW)))
    assert Validator(engine="jsonschema").record_package_errors(package) == []
    record = package["records"][0]
    assert record["compiledRelease"]["tag"] == ["compiled"]
    assert (
        record["compiledRelease"]["id"] == f"{record['ocid']}-{record['compiledRelease']['date']}"
    )
    assert record["releases"][0]["url"].startswith(package["packages"][0] + "#")


def test_a_contract_belongs_to_the_month_of_its_award(space, make_contract):
    awarded = make_contract("active", awarded_on=datetime.date(2026, 5, 31))
    planned = make_contract("planning")
    planned_month = timezone.localtime(planned.created_at).month
    may = selectors.contracts_for_data(space=space, year=2026, month=5)
    assert list(may) == [awarded]
    this_month = selectors.contracts_for_data(
        space=space, year=timezone.localtime(planned.created_at).year, month=planned_month
    )
    assert planned in this_month
    assert awarded not in this_month or planned_month == 5


def test_periods_count_contracts_per_month(space, make_contract):
    make_contract("active", awarded_on=datetime.date(2025, 12, 31))
    make_contract("active", awarded_on=datetime.date(2026, 1, 1))
    make_contract("completed", awarded_on=datetime.date(2026, 1, 20))
    periods = selectors.periods_for(space=space)
    years = {p.year: p for p in periods}
    assert years[2026].months[-1].month == 1
    assert years[2026].months[-1].count == 2
    assert years[2025].count == 1


@pytest.mark.parametrize("engine", ["jsonschema", "rs"])
def test_validating_piece_by_piece_finds_no_errors_on_valid_data(space, contracts, engine):
    report = validation.validate_space(space=space, year=2026, engine=engine)
    assert (report.releases, report.records, report.errors) == (len(contracts), len(contracts), [])


def test_validating_piece_by_piece_catches_a_broken_release(space, contracts, monkeypatch):
    from socius.procurement.ocds import builder

    real = builder.release_for

    def broken(*args, **kwargs):
        release = real(*args, **kwargs)
        release["tender"]["value"]["currency"] = "kroner"
        return release

    monkeypatch.setattr(builder, "release_for", broken)
    report = validation.validate_space(space=space, year=2026)
    paths = {e.path for e in report.errors}
    assert "/releases/0/tender/value/currency" in paths
    assert "/records/0/compiledRelease/tender/value/currency" in paths
    assert len(report.errors) == 2 * len(contracts)


def test_the_package_reads_a_fixed_number_of_queries(
    space, make_contract, django_assert_max_num_queries
):
    for status in STATUSES * 3:
        contract = make_contract(status)
        add_clause(contract, "training")
    # Space lookups done by the caller; contracts, lots, clauses and obligations per chunk.
    with django_assert_max_num_queries(5):
        _text(packages.release_package_stream(space=space, period=Period(2026), now=NOW))
