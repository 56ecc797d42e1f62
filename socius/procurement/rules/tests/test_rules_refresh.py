"""Assessments refreshed by the ``contracts_changed`` receiver and by ``procurement_assess``;
``met`` with the clause on the contract; the dashboard's counts."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from socius.core.roles import Role
from socius.procurement.clauses.models import ClauseVersion, ContractClause
from socius.procurement.rules.models import Assessment
from socius.procurement.rules.selectors import contract_requirements, requirement_counts
from socius.procurement.rules.services import assessments_refresh, decision_record
from socius.procurement.rules.tests.rules_support import MIO, contract_make, space_get
from socius.procurement.signals import contracts_changed
from socius.tests_support.factories import UserFactory

pytestmark = pytest.mark.django_db
SERVICES = "uddannelse-tjenesteydelser"


def _training_clause_on(contract):
    version = ClauseVersion.objects.filter(clause__category="training").first()
    ContractClause.objects.create(contract=contract, version=version, category="training")


def test_the_receiver_reassesses_the_contracts_named():
    contract = contract_make(estimated_value_ore=4 * MIO)
    contracts_changed.send(sender=None, contract_ids=[contract.pk])
    assert not Assessment.objects.get(contract=contract, code=SERVICES).required
    contract.estimated_value_ore = 5 * MIO
    contract.save(update_fields=["estimated_value_ore"])
    contracts_changed.send(sender=None, contract_ids=[contract.pk])
    assert Assessment.objects.get(contract=contract, code=SERVICES).required
    assert Assessment.objects.filter(contract=contract).count() == 2  # one row per rule code


def test_the_command_assesses_every_contract_with_a_progress_bar():
    made = [contract_make(duration_months=months) for months in (5, 6, 7)]
    out, err = io.StringIO(), io.StringIO()
    call_command("procurement_assess", stdout=out, stderr=err)
    assert "Assessed 3 contracts." in out.getvalue()
    assert "3/3" in err.getvalue()
    required = dict(Assessment.objects.filter(code=SERVICES).values_list("contract_id", "required"))
    assert [required[c.pk] for c in made] == [False, True, True]


def test_the_command_refuses_an_unknown_municipality():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No municipality"):
        call_command("procurement_assess", space="atlantis", stdout=io.StringIO())


def test_a_required_clause_is_met_by_the_clause_or_an_explanation():
    with_clause, explained, missing, not_required = (
        contract_make(),
        contract_make(),
        contract_make(),
        contract_make(duration_months=5),
    )
    assessments_refresh(
        contract_ids=[c.pk for c in (with_clause, explained, missing, not_required)]
    )
    _training_clause_on(with_clause)
    decision_record(actor=UserFactory(roles=[Role.BUYER], totp=True), contract=explained,
                    code=SERVICES, decision="explain", reason_kind="unsuitability",
                    explanation="Opgaven er for kort til en elev.")  # fmt: skip

    def met(contract):
        return {r.rule.code: r for r in contract_requirements(contract=contract)}[SERVICES].met

    assert [met(c) for c in (with_clause, explained, missing, not_required)] == [
        True,
        True,
        False,
        True,
    ]
    counts = requirement_counts(space=space_get())
    assert (counts.required, counts.with_clause, counts.explained, counts.open) == (3, 1, 1, 1)


def test_a_later_follow_decision_replaces_an_explanation():
    contract = contract_make()
    buyer = UserFactory(roles=[Role.BUYER], totp=True)
    first = datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)
    decision_record(actor=buyer, contract=contract, code=SERVICES, decision="explain",
                    reason_kind="safety", explanation="Sikkerhed.", now=first)  # fmt: skip
    decision_record(actor=buyer, contract=contract, code=SERVICES, decision="follow",
                    reason_kind="safety", explanation="Vi bruger klausulen alligevel.",
                    now=first + datetime.timedelta(days=1))  # fmt: skip
    requirement = {r.rule.code: r for r in contract_requirements(contract=contract)}[SERVICES]
    assert requirement.decision.decision == "follow"
    assert requirement.decision.reason_kind == ""
    assert not requirement.met


def test_requirements_of_a_contract_not_yet_assessed_are_computed_on_the_fly():
    contract = contract_make()
    requirements = contract_requirements(contract=contract)
    assert {r.rule.code: r.required for r in requirements}[SERVICES] is True
    assert not Assessment.objects.exists()
