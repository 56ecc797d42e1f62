"""Property tests: the bulk path (``RuleBook`` and ``assessments_refresh``) agrees with the pure
definition (``evaluate``) for any contract, any rules with versions, and any thresholds."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socius.procurement.rules import engine
from socius.procurement.rules.book import contract_evaluate
from socius.procurement.rules.models import Assessment
from socius.procurement.rules.services import assessments_refresh
from socius.procurement.rules.tests.rules_support import contract_make

KINDS = ("works", "services", "supplies")
APPLIES = ("works", "supplies_services", "social_services")
days = st.dates(datetime.date(2020, 1, 1), datetime.date(2029, 12, 31))
values = st.integers(0, 10**12)

condition = st.one_of(
    st.tuples(st.just("kind"), st.just("eq"), st.sampled_from(KINDS)),
    st.tuples(
        st.just("kind"), st.just("in"), st.lists(st.sampled_from(KINDS), max_size=3).map(tuple)
    ),
    st.tuples(st.just("performed_in_denmark"), st.just("eq"), st.booleans()),
    st.tuples(st.just("duration_months"), st.just("gte"), st.integers(0, 40)),
    st.tuples(st.just("estimated_value_ore"), st.just("gte"), values),
    st.tuples(st.just("estimated_value_ore"), st.just("gte_threshold"), st.sampled_from(APPLIES)),
)


@st.composite
def rules(draw):
    out = []
    for rule_id in range(draw(st.integers(0, 5))):
        start = draw(days)
        end = draw(st.one_of(st.none(), st.dates(start, datetime.date(2030, 12, 31))))
        out.append(
            engine.RuleData(
                id=rule_id,
                code=draw(st.sampled_from(["a", "b", "c"])),
                version=rule_id + 1,
                valid_from=start,
                valid_to=end,
                conditions=tuple(draw(st.lists(condition, max_size=4))),
                clause_category="training",
            )
        )
    return out


@st.composite
def thresholds(draw):
    out = []
    for applies_to in APPLIES:
        start = draw(days)
        for _ in range(draw(st.integers(0, 3))):
            end = start + datetime.timedelta(days=draw(st.integers(0, 800)))
            out.append(engine.ThresholdData(applies_to, draw(values), start, end))
            start = end + datetime.timedelta(days=1)
    return out


facts = st.builds(
    engine.Facts,
    kind=st.sampled_from(KINDS),
    estimated_value_ore=values,
    performed_in_denmark=st.booleans(),
    duration_months=st.integers(0, 60),
    relevant_on=days,
)


@given(facts=facts, rules=rules(), thresholds=thresholds(), awarded=st.booleans())
def test_the_rule_book_agrees_with_evaluate(facts, rules, thresholds, awarded):
    # A contract without an award date is judged on "today": give the book that date.
    book = engine.RuleBook(rules, thresholds, today=facts.relevant_on)
    row = (7, facts.kind, facts.estimated_value_ore, facts.performed_in_denmark,
           facts.duration_months, facts.relevant_on if awarded else None)  # fmt: skip
    assert book.assess(row) == engine.evaluate(facts, rules, thresholds)


@given(facts=facts, rules=rules(), thresholds=thresholds())
def test_a_rule_holds_exactly_when_every_condition_holds(facts, rules, thresholds):
    for outcome in engine.evaluate(facts, rules, thresholds):
        assert outcome.required == all(check[2] for check in outcome.checks)


@given(rules=rules(), day=days)
def test_at_most_one_version_of_a_code_is_valid_on_a_day(rules, day):
    codes = [rule.code for rule in engine.rules_valid_on(rules, day)]
    assert len(codes) == len(set(codes))


@pytest.mark.django_db
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    contracts=st.lists(
        st.tuples(
            st.sampled_from(KINDS),
            st.integers(0, 10**10),
            st.booleans(),
            st.integers(0, 30),
            st.one_of(st.none(), days),
        ),
        min_size=1,
        max_size=8,
    ),  # fmt: skip
    today=days,
)
def test_stored_assessments_agree_with_evaluate_per_contract(contracts, today):
    made = [
        contract_make(
            kind=kind,
            estimated_value_ore=value,
            performed_in_denmark=dk,
            duration_months=months,
            awarded_on=awarded,
        )  # fmt: skip
        for kind, value, dk, months, awarded in contracts
    ]
    assessments_refresh(contract_ids=[c.pk for c in made], today=today)
    for contract in made:
        stored = {
            a.code: (a.rule_id, a.required, [tuple(r) for r in a.reasons])
            for a in Assessment.objects.filter(contract=contract)
        }
        expected = {
            o.code: (o.rule_id, o.required, list(o.checks))
            for o in contract_evaluate(contract, today=today)
        }
        assert stored == expected
