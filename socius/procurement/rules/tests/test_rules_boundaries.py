"""Every § 176, stk. 2 rule at its boundaries, through the stored assessments the bulk path
writes and the contract's requirements (DOMAIN.md: 4,999,999 kr not caught, 5,000,000 kr
caught; 5 months not, 6 months yes; outside Denmark not caught; works from the EU threshold;
nothing before 1 July 2022; each threshold period to its last day)."""

from __future__ import annotations

import datetime

import pytest

from socius.procurement.models import Contract
from socius.procurement.rules.models import Assessment
from socius.procurement.rules.selectors import contract_requirements
from socius.procurement.rules.services import assessments_refresh
from socius.procurement.rules.tests.rules_support import MIO, contract_make

pytestmark = pytest.mark.django_db

KR = 100  # øre
SERVICES = "uddannelse-tjenesteydelser"
WORKS = "uddannelse-bygge-og-anlaeg"
TODAY = datetime.date(2026, 12, 5)
# Works thresholds in kroner per period (migration 0003).
WORKS_2022 = 40_100_744
WORKS_2024 = 41_212_688
WORKS_2026 = 40_308_436


def _required(contract: Contract, code: str) -> bool:
    assessments_refresh(contract_ids=[contract.pk], today=TODAY)
    return Assessment.objects.get(contract=contract, code=code).required


@pytest.mark.parametrize(
    ("value_ore", "required"),
    [
        (4_999_999 * KR, False),
        (int(4_999_999.99 * KR), False),
        (5 * MIO, True),
        (5 * MIO + 1, True),
    ],
)
def test_services_value_boundary(value_ore, required):
    assert _required(contract_make(estimated_value_ore=value_ore), SERVICES) is required


@pytest.mark.parametrize(("months", "required"), [(5, False), (6, True), (7, True)])
def test_services_duration_boundary(months, required):
    assert _required(contract_make(duration_months=months), SERVICES) is required


@pytest.mark.parametrize(("in_denmark", "required"), [(True, True), (False, False)])
def test_services_performed_in_denmark(in_denmark, required):
    contract = contract_make(performed_in_denmark=in_denmark, duration_months=12)
    assert _required(contract, SERVICES) is required


@pytest.mark.parametrize("kind", [Contract.Kind.SUPPLIES, Contract.Kind.WORKS])
def test_the_services_rule_does_not_catch_other_kinds(kind):
    assert _required(contract_make(kind=kind, estimated_value_ore=60 * MIO), SERVICES) is False


@pytest.mark.parametrize(
    ("awarded_on", "threshold_kr"),
    [
        (datetime.date(2022, 7, 1), WORKS_2022),
        (datetime.date(2023, 12, 31), WORKS_2022),
        (datetime.date(2024, 1, 1), WORKS_2024),
        (datetime.date(2025, 12, 31), WORKS_2024),
        (datetime.date(2026, 1, 1), WORKS_2026),
        (datetime.date(2027, 12, 31), WORKS_2026),
    ],
)
@pytest.mark.parametrize(("offset_ore", "required"), [(-1, False), (0, True), (1, True)])
def test_works_just_below_at_and_above_the_threshold_of_each_period(
    awarded_on, threshold_kr, offset_ore, required
):
    contract = contract_make(
        kind=Contract.Kind.WORKS,
        estimated_value_ore=threshold_kr * KR + offset_ore,
        duration_months=6,
        awarded_on=awarded_on,
    )
    assert _required(contract, WORKS) is required


def test_a_threshold_period_s_edge_moves_the_works_boundary():
    # Between the 2023 and 2024 works thresholds: caught under 2022-23, not under 2024-25.
    value = (WORKS_2022 + 1_000) * KR
    assert _required(contract_make(kind="works", estimated_value_ore=value,
                                   awarded_on=datetime.date(2023, 12, 31)), WORKS)  # fmt: skip
    assert not _required(contract_make(kind="works", estimated_value_ore=value,
                                       awarded_on=datetime.date(2024, 1, 1)), WORKS)  # fmt: skip


@pytest.mark.parametrize(("months", "required"), [(5, False), (6, True)])
def test_works_duration_boundary(months, required):
    contract = contract_make(kind="works", estimated_value_ore=60 * MIO, duration_months=months)
    assert _required(contract, WORKS) is required


def test_works_abroad_are_still_caught():
    # The works rule has no condition on the place of work.
    contract = contract_make(kind="works", estimated_value_ore=60 * MIO, performed_in_denmark=False)
    assert _required(contract, WORKS) is True


@pytest.mark.parametrize(
    ("awarded_on", "assessed"),
    [(datetime.date(2022, 6, 30), False), (datetime.date(2022, 7, 1), True)],
)
def test_no_duty_before_1_july_2022(awarded_on, assessed):
    contract = contract_make(
        awarded_on=awarded_on, estimated_value_ore=60 * MIO, duration_months=24
    )
    assessments_refresh(contract_ids=[contract.pk], today=TODAY)
    rows = Assessment.objects.filter(contract=contract, code=SERVICES)
    assert rows.exists() is assessed
    if assessed:
        assert rows.get().required


def test_a_contract_not_yet_awarded_is_assessed_on_today():
    contract = contract_make(awarded_on=None, kind="works", estimated_value_ore=WORKS_2026 * KR)
    assessments_refresh(contract_ids=[contract.pk], today=datetime.date(2026, 6, 1))
    assert Assessment.objects.get(contract=contract, code=WORKS).required
    # After the last known period there is no threshold: works cannot be decided, so not caught.
    assessments_refresh(contract_ids=[contract.pk], today=datetime.date(2028, 1, 1))
    assert not Assessment.objects.get(contract=contract, code=WORKS).required


def test_requirements_say_why_in_words(settings):
    settings.LANGUAGE_CODE = "en"
    contract = contract_make(estimated_value_ore=4_999_999 * KR)
    assessments_refresh(contract_ids=[contract.pk], today=TODAY)
    services = {r.rule.code: r for r in contract_requirements(contract=contract, today=TODAY)}[
        SERVICES
    ]
    assert services.required is False
    assert services.met is True
    assert services.reasons[0] == "The value, 4.999.999 kr., is below 5.000.000 kr."
    assert "It is a service contract." in services.reasons
