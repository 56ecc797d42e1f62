import itertools
import math
import random
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from socius.grants import allocation
from socius.grants.allocation import (
    AllocationError,
    Candidate,
    Rules,
    allocate,
    allocate_greedy,
)


@pytest.fixture(autouse=True)
def _english():
    # Messages are matched in English; the test settings speak Danish.
    with translation.override("en"):
        yield


def cand(key, score, requested, minimum=None, *, org=None, theme="t", locked=None):
    return Candidate(
        key=key,
        organisation=org or f"org-{key}",
        theme=theme,
        score=score,
        requested=requested,
        minimum=requested if minimum is None else minimum,
        locked=locked,
    )


def target(rules, theme):
    share = rules.min_share_per_theme[theme]
    return math.ceil(Decimal(repr(float(share))) * rules.budget)


def monotone_broken(candidates, rules, amounts):
    """Pairs (a, b) in one theme, both decided by the optimiser, with score_a > score_b but a
    smaller share of their requests: checked pair by pair, in integers."""
    chained = [c for c in candidates if c.locked is None and c.score >= rules.score_floor]
    return [
        (a.key, b.key)
        for a, b in itertools.permutations(chained, 2)
        if a.theme == b.theme
        and a.score > b.score
        and amounts[a.key] * b.requested < amounts[b.key] * a.requested
    ]


def assert_rules_hold(candidates, rules, result, *, monotone=True):
    """Every rule, checked without the optimiser's code."""
    amounts = result.amounts
    assert set(amounts) == {c.key for c in candidates}
    assert all(type(a) is int for a in amounts.values())
    assert sum(amounts.values()) <= rules.budget
    for c in candidates:
        a = amounts[c.key]
        assert a == 0 or c.minimum <= a <= c.requested, c
        if c.locked is not None:
            assert a == c.locked, c
        elif c.score < rules.score_floor:
            assert a == 0, c
    if rules.cap_per_organisation is not None:
        for org in {c.organisation for c in candidates}:
            total = sum(amounts[c.key] for c in candidates if c.organisation == org)
            assert total <= rules.cap_per_organisation, org
    if monotone:
        assert monotone_broken(candidates, rules, amounts) == []
    for theme in rules.min_share_per_theme:
        granted = sum(amounts[c.key] for c in candidates if c.theme == theme)
        assert result.theme_shortfall[theme] == max(0, target(rules, theme) - granted)
    assert result.objective == pytest.approx(
        math.fsum(c.score * amounts[c.key] for c in candidates), abs=1e-9
    )


# -- Hand-computed cases ----------------------------------------------------------------------


def test_it_funds_the_best_mix_within_the_budget():
    # a can go down to 60, which leaves room for all of b: 5*60 + 4*100 = 700 beats
    # a in full with c (5*100 + 3*60 = 680).
    candidates = [
        cand("a", 5.0, 100, 50, theme="t1"),
        cand("b", 4.0, 100, 100, theme="t2"),
        cand("c", 3.0, 100, 10, theme="t3"),
    ]
    result = allocate(candidates, Rules(budget=160))
    assert result.amounts == {"a": 60, "b": 100, "c": 0}
    assert result.objective == 700.0
    assert result.status == "optimal"
    assert result.messages == []


def test_it_never_gives_less_than_the_minimum_or_more_than_requested():
    candidates = [cand("a", 4.0, 100, 80), cand("b", 3.0, 50, 50, theme="u")]
    result = allocate(candidates, Rules(budget=120))
    # a at 70 would be below its minimum, so a keeps 80..100 and b does not fit beside it
    assert result.amounts == {"a": 100, "b": 0}
    assert_rules_hold(candidates, Rules(budget=120), result)


def test_a_higher_score_in_a_theme_never_gets_a_smaller_share():
    # Same as the first case, but in one theme: a at 60 % with b at 100 % is refused; and
    # as b (score 4) gets nothing, c (score 3) may get nothing either. The rest stays unspent.
    candidates = [
        cand("a", 5.0, 100, 50),
        cand("b", 4.0, 100, 100),
        cand("c", 3.0, 100, 10),
    ]
    result = allocate(candidates, Rules(budget=160))
    assert result.amounts == {"a": 100, "b": 0, "c": 0}
    assert result.objective == 500.0
    assert result.messages == [
        "Applications with a lower score in the theme t get nothing, although 60 kr is left and "
        "would fit 1 of them: application b (score 4) gets nothing, and a lower score may not "
        "get a larger share of its request."
    ]


def test_equal_scores_need_no_order_but_bound_every_lower_score():
    # a and b tie at 4: one in full and one at 0 is allowed (the lower key wins the tie);
    # c (score 3) is then held to b's share of 0.
    candidates = [cand("a", 4.0, 100), cand("b", 4.0, 100), cand("c", 3.0, 50, 10)]
    result = allocate(candidates, Rules(budget=150))
    assert result.amounts == {"a": 100, "b": 0, "c": 0}


def test_level_shares_hold_between_large_tie_groups():
    # Three at score 4 in one organisation capped at 150, three at score 3 elsewhere: the
    # score-3 shares may not beat the lowest score-4 share, so the only way to spend the
    # whole budget is 50 % for everyone (3 x 3 levels use the level-share variable).
    top = [cand(f"a{i}", 4.0, 100, 10, org="oa") for i in range(3)]
    low = [cand(f"b{i}", 3.0, 100, 10, org=f"ob{i}") for i in range(3)]
    rules = Rules(budget=300, cap_per_organisation=150)
    result = allocate(top + low, rules)
    assert result.amounts == dict.fromkeys(["a0", "a1", "a2", "b0", "b1", "b2"], 50)
    assert result.objective == 1050.0


def test_shares_are_compared_exactly_in_whole_kroner():
    # a (score 5) is capped at 333 of 1000 = 33.3 %; b may get at most 33.3 % of 999 = 332.67,
    # so 332, not 333.
    candidates = [cand("a", 5.0, 1000, 1, org="o"), cand("b", 4.0, 999, 1)]
    rules = Rules(budget=2000, cap_per_organisation=333)
    result = allocate(candidates, rules)
    assert result.amounts == {"a": 333, "b": 332}
    assert_rules_hold(candidates, rules, result)


def test_it_keeps_the_cap_per_organisation():
    candidates = [
        cand("a", 5.0, 100, 10, org="o"),
        cand("b", 4.0, 100, 10, org="o", theme="u"),
        cand("c", 1.0, 100, 10, org="p", theme="v"),
    ]
    rules = Rules(budget=300, cap_per_organisation=150)
    result = allocate(candidates, rules)
    assert result.amounts == {"a": 100, "b": 50, "c": 100}


def test_it_funds_nothing_below_the_score_floor():
    candidates = [cand("a", 1.4, 100, theme="t1"), cand("b", 1.5, 100, theme="t2")]
    result = allocate(candidates, Rules(budget=1000, score_floor=1.5))
    assert result.amounts == {"a": 0, "b": 100}


def test_it_does_not_fund_a_score_of_zero():
    result = allocate([cand("a", 0.0, 100)], Rules(budget=1000))
    assert result.amounts == {"a": 0}


def test_locks_are_kept_and_override_the_floor_and_the_share_rule():
    candidates = [
        cand("a", 5.0, 100, 10, locked=0),  # locked out despite the best score
        cand("b", 1.0, 100, 10, locked=20),  # below the floor, but staff decided
        cand("c", 4.0, 100, 10, locked=10),  # 10 % would cap d and e at 10 % without the lock
        cand("d", 3.0, 100, 10),
        cand("e", 2.0, 100, 10),
    ]
    rules = Rules(budget=200, score_floor=1.5)
    result = allocate(candidates, rules)
    assert result.amounts == {"a": 0, "b": 20, "c": 10, "d": 100, "e": 70}
    assert_rules_hold(candidates, rules, result)


def test_a_theme_minimum_moves_money_to_a_lower_score():
    candidates = [cand("a", 5.0, 100, 10, theme="big"), cand("b", 2.0, 100, 10, theme="small")]
    rules = Rules(budget=100, min_share_per_theme={"small": 0.3})
    result = allocate(candidates, rules)
    assert result.amounts == {"a": 70, "b": 30}
    assert result.theme_shortfall == {"small": 0}
    assert result.messages == []


def test_a_theme_minimum_counts_locked_amounts():
    candidates = [
        cand("a", 5.0, 100, 10, theme="big"),
        cand("b", 2.0, 100, 10, theme="small", locked=20),
        cand("c", 1.0, 100, 10, theme="small"),
    ]
    rules = Rules(budget=100, min_share_per_theme={"small": 0.3})
    result = allocate(candidates, rules)
    assert result.amounts == {"a": 70, "b": 20, "c": 10}


def test_it_reports_a_theme_shortfall_instead_of_failing():
    candidates = [
        cand("a", 5.0, 100, 10, theme="big"),
        cand("b", 2.0, 20, 10, theme="small"),
        cand("c", 1.0, 100, 10, theme="small"),
    ]
    rules = Rules(budget=200, score_floor=1.5, min_share_per_theme={"small": 0.2, "none": 0.1})
    result = allocate(candidates, rules)
    # small needs 40; c is below the floor, so b's 20 is all it can get
    assert result.amounts == {"a": 100, "b": 20, "c": 0}
    assert result.theme_shortfall == {"none": 20, "small": 20}
    assert result.status == "optimal"
    assert len(result.messages) == 2
    assert "No application has the theme none" in result.messages[0]
    assert "ask for 20 kr in total" in result.messages[1]


def test_the_least_shortfall_wins_over_any_score():
    # Meeting theme "small" (target 50) means giving its only application 50 and dropping a
    # whole 5.0-scored application: the score falls from 5*100 to 5*50 + 0.1*50, yet it wins.
    candidates = [cand("a", 5.0, 100, 50, theme="big"), cand("b", 0.1, 50, 50, theme="small")]
    rules = Rules(budget=100, min_share_per_theme={"small": 0.5})
    result = allocate(candidates, rules)
    assert result.amounts == {"a": 50, "b": 50}
    assert result.theme_shortfall == {"small": 0}


def test_with_a_shortfall_the_score_is_still_maximised():
    # small cannot be met (b asks for 10 of 60); after that, the best score for the rest.
    candidates = [
        cand("a1", 3.0, 80, 10, theme="big"),
        cand("a2", 5.0, 80, 10, theme="other"),
        cand("b", 1.0, 10, 10, theme="small"),
    ]
    rules = Rules(budget=120, min_share_per_theme={"small": 0.5})
    result = allocate(candidates, rules)
    assert result.amounts == {"a1": 30, "a2": 80, "b": 10}
    assert result.theme_shortfall == {"small": 50}


def test_the_greedy_floor_funds_by_score_per_krone():
    candidates = [
        cand("a", 5.0, 100, 50, theme="t1"),  # 0.05 per krone
        cand("b", 4.0, 100, 100, theme="t2"),  # 0.04
        cand("c", 3.0, 20, 10, theme="t3"),  # 0.15: first
        cand("d", 1.0, 100, 60, theme="t4"),  # 0.01: 40 left, below its minimum
    ]
    rules = Rules(budget=160)
    result = allocate_greedy(candidates, rules)
    assert result.amounts == {"a": 100, "b": 0, "c": 20, "d": 0}
    assert result.status == "greedy"
    assert result.objective == 560.0
    assert_rules_hold(candidates, rules, result)
    assert allocate(candidates, rules).objective >= result.objective


def test_the_greedy_floor_gives_what_is_left_when_it_reaches_the_minimum():
    candidates = [cand("a", 5.0, 100, 50, theme="t1"), cand("b", 4.0, 100, 30, theme="t2")]
    result = allocate_greedy(candidates, Rules(budget=140))
    assert result.amounts == {"a": 100, "b": 40}


def test_the_greedy_floor_keeps_floor_caps_and_locks():
    candidates = [
        cand("a", 5.0, 100, 10, org="o"),
        cand("b", 4.0, 100, 10, org="o"),
        cand("c", 1.0, 100, 10),
        cand("d", 5.0, 100, 10, locked=0),
        cand("e", 2.0, 50, 10, org="o", locked=50),
    ]
    rules = Rules(budget=1000, cap_per_organisation=120, score_floor=1.5)
    result = allocate_greedy(candidates, rules)
    assert result.amounts == {"a": 70, "b": 0, "c": 0, "d": 0, "e": 50}
    assert_rules_hold(candidates, rules, result, monotone=False)


def test_the_greedy_floor_can_beat_allocate_when_it_breaks_the_share_rule():
    # Greedy gives c (score 3) 60 % while b (score 4, same theme) gets nothing; allocate may
    # not, so "never below greedy" only holds where greedy's proposal keeps the rule.
    candidates = [cand("a", 5.0, 100, 50), cand("b", 4.0, 100, 100), cand("c", 3.0, 100, 10)]
    rules = Rules(budget=160)
    greedy = allocate_greedy(candidates, rules)
    assert greedy.amounts == {"a": 100, "b": 0, "c": 60}
    assert monotone_broken(candidates, rules, greedy.amounts) == [("b", "c")]
    assert allocate(candidates, rules).objective < greedy.objective


def test_an_empty_round_or_only_fixed_candidates_need_no_solver():
    assert allocate([], Rules(budget=100)).amounts == {}
    result = allocate([cand("a", 3.0, 100, locked=100)], Rules(budget=100))
    assert result.amounts == {"a": 100}
    assert result.status == "optimal"


# -- Refused input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidates", "rules", "match"),
    [
        (
            [cand("a", 3.0, 100, locked=100), cand("b", 3.0, 50, locked=50)],
            Rules(budget=120),
            "exceed the budget",
        ),
        (
            [cand("a", 3.0, 100, locked=100, org="o"), cand("b", 3.0, 50, locked=50, org="o")],
            Rules(budget=1000, cap_per_organisation=120),
            "organisation o",
        ),
        ([cand("a", 3.0, 100, 101)], Rules(budget=100), "minimum amount is larger"),
        ([cand("a", 3.0, -5, 1)], Rules(budget=100), "whole kroner above 0"),
        ([cand("a", 3.0, 100, 0)], Rules(budget=100), "whole kroner above 0"),
        ([cand("a", 3.0, 10**10 + 1, 1)], Rules(budget=100), "at most 10.000.000.000 kr"),
        ([cand("a", 3.0, 100.5, 1)], Rules(budget=100), "whole kroner"),  # type: ignore[arg-type]
        ([cand("a", 3.0, 100), cand("a", 4.0, 100)], Rules(budget=100), "more than once"),
        ([cand("a", 5.1, 100)], Rules(budget=100), "score must be from 0 to 5"),
        ([cand("a", math.nan, 100)], Rules(budget=100), "score must be from 0 to 5"),
        ([cand("a", 3.0, 100, 50, locked=20)], Rules(budget=100), "locked amount must be 0 or"),
        ([cand("a", 3.0, 100, 50, locked=101)], Rules(budget=1000), "locked amount must be 0 or"),
        ([], Rules(budget=0), "budget must be whole kroner above 0"),
        ([], Rules(budget=-100), "budget must be whole kroner above 0"),
        ([], Rules(budget=10**11), "budget must be whole kroner above 0"),
        ([], Rules(budget=100, cap_per_organisation=0), "cap per organisation"),
        ([], Rules(budget=100, min_share_per_theme={"t": 1.5}), "between 0 and 1"),
        ([], Rules(budget=100, min_share_per_theme={"t": Decimal("NaN")}), "between 0 and 1"),
        (
            [],
            Rules(budget=100, min_share_per_theme={"t": 0.6, "u": 0.5}),
            "more than the whole budget",
        ),
        ([], Rules(budget=100, time_limit=0), "time limit"),
        ([], Rules(budget=100, score_floor=math.inf), "score floor"),
    ],
)
def test_it_refuses_input_it_cannot_use(candidates, rules, match):
    with pytest.raises(AllocationError, match=match):
        allocate(candidates, rules)
    with pytest.raises(AllocationError, match=match):
        allocate_greedy(candidates, rules)


def test_its_error_keeps_the_message_lazy_with_params():
    with pytest.raises(AllocationError) as exc:
        allocate([cand("a", 3.0, 100, 101)], Rules(budget=100))
    assert exc.value.params == {"key": "a"}
    assert "%(key)s" in str(exc.value.message)


def test_it_says_so_when_the_time_limit_leaves_no_proposal():
    with pytest.raises(AllocationError, match="no proposal within"):
        allocate([cand("a", 3.0, 100)], Rules(budget=100, time_limit=1e-9))


# -- Whole kroner, exactly --------------------------------------------------------------------


def test_solver_values_off_by_tolerances_become_exact_whole_kroner():
    candidates = [
        cand("a", 5.0, 1000, 100),
        cand("b", 4.0, 999, 100),
        cand("c", 3.0, 500, 500, theme="u"),
    ]
    rules = Rules(budget=2000)
    plan = allocation._plan(candidates, rules)
    # b rounds to 333 of 999, a hair above a's 333 of 1000; c rounds to a hair below its
    # minimum.
    amounts = allocation._make_monotone(plan, allocation._rounded(plan, [333.0, 332.9, 499.4]))
    assert amounts == {"a": 333, "b": 332, "c": 0}
    assert_rules_hold(candidates, rules, allocation._finish(plan, amounts, "optimal", 0.0, []))


def test_rounding_repair_takes_excess_from_the_lowest_score_first():
    candidates = [cand("a", 5.0, 100, 10, theme="x"), cand("b", 1.0, 100, 10, theme="y")]
    plan = allocation._plan(candidates, Rules(budget=150))
    assert allocation._rounded(plan, [100.0, 51.0]) == {"a": 100, "b": 50}


# -- Determinism ------------------------------------------------------------------------------


def _random_round(seed, n=40):
    rng = random.Random(seed)
    candidates = []
    for i in range(n):
        requested = rng.randint(1_000, 400_000)
        candidates.append(
            Candidate(
                key=f"app-{i:03d}",
                organisation=f"org-{rng.randrange(8)}",
                theme=rng.choice(["a", "b", "c"]),
                score=round(rng.uniform(0, 5), 1),
                requested=requested,
                minimum=max(1, round(requested * rng.uniform(0.4, 1.0))),
            )
        )
    total = sum(c.requested for c in candidates)
    rules = Rules(
        budget=total // 4,
        cap_per_organisation=total // 12,
        min_share_per_theme={"a": 0.1, "b": 0.1, "c": 0.1},
        score_floor=1.0,
    )
    return candidates, rules


def test_it_gives_the_same_proposal_every_time_and_in_any_order():
    candidates, rules = _random_round(7)
    first = allocate(candidates, rules)
    again = allocate(candidates, rules)
    shuffled = list(reversed(candidates))
    random.Random(1).shuffle(shuffled)
    permuted = allocate(shuffled, rules)
    assert first.amounts == again.amounts == permuted.amounts
    assert list(first.amounts) == sorted(first.amounts)
    assert first.objective == permuted.objective
    assert_rules_hold(candidates, rules, first)


def test_a_larger_round_keeps_every_rule():
    candidates, rules = _random_round(11, n=150)
    result = allocate(candidates, rules)
    assert result.status == "optimal"
    assert_rules_hold(candidates, rules, result)


# -- Properties -------------------------------------------------------------------------------


@st.composite
def rounds(draw, *, max_candidates=12, max_requested=400_000, themes=True):
    n = draw(st.integers(1, max_candidates))
    candidates = []
    for i in range(n):
        requested = draw(st.integers(1, max_requested))
        minimum = draw(st.integers(1, requested))
        locked = draw(
            st.one_of(st.none(), st.just(0), st.integers(minimum, requested))
            if draw(st.integers(0, 5)) == 0
            else st.none()
        )
        candidates.append(
            Candidate(
                key=f"k{i:02d}",
                organisation=draw(st.sampled_from(["o1", "o2", "o3"])),
                theme=draw(st.sampled_from(["t1", "t2", "t3"])),
                score=draw(st.integers(0, 50)) / 10,
                requested=requested,
                minimum=minimum,
                locked=locked,
            )
        )
    total = sum(c.requested for c in candidates)
    budget = draw(st.integers(1, max(1, total)))
    locked = sum(c.locked or 0 for c in candidates)
    assume(locked <= budget)
    cap = draw(st.one_of(st.none(), st.integers(max(1, budget // 4), budget)))
    if cap is not None:
        per_org = {}
        for c in candidates:
            per_org[c.organisation] = per_org.get(c.organisation, 0) + (c.locked or 0)
        assume(max(per_org.values()) <= cap)
    shares = {}
    if themes:
        shares = draw(
            st.dictionaries(
                st.sampled_from(["t1", "t2", "t3"]), st.sampled_from([0.0, 0.1, 0.25, 0.3])
            )
        )
    rules = Rules(
        budget=budget,
        cap_per_organisation=cap,
        min_share_per_theme=shares,
        score_floor=draw(st.sampled_from([0.0, 1.5, 2.5])),
    )
    return candidates, rules


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rounds())
def test_every_proposal_keeps_every_rule(case):
    candidates, rules = case
    result = allocate(candidates, rules)
    assert result.status == "optimal"
    assert_rules_hold(candidates, rules, result)
    assert_rules_hold(candidates, rules, allocate_greedy(candidates, rules), monotone=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rounds(themes=False))
def test_allocate_is_never_below_a_greedy_proposal_that_keeps_the_rules(case):
    candidates, rules = case
    greedy = allocate_greedy(candidates, rules)
    result = allocate(candidates, rules)
    kept = not monotone_broken(candidates, rules, greedy.amounts)
    event(f"greedy keeps the share rule: {kept}")
    if kept:
        assert result.objective >= greedy.objective - 1e-6


def brute_force(candidates, rules):
    """The best (least total shortfall, then most score) proposal, by trying every amount."""
    options = []
    for c in candidates:
        if c.locked is not None:
            options.append([c.locked])
        elif c.score < rules.score_floor:
            options.append([0])
        else:
            options.append([0, *range(c.minimum, c.requested + 1)])
    best = None
    for amounts in itertools.product(*options):
        chosen = dict(zip((c.key for c in candidates), amounts, strict=True))
        if sum(amounts) > rules.budget or monotone_broken(candidates, rules, chosen):
            continue
        if rules.cap_per_organisation is not None and any(
            sum(chosen[c.key] for c in candidates if c.organisation == org)
            > rules.cap_per_organisation
            for org in {c.organisation for c in candidates}
        ):
            continue
        shortfall = sum(
            max(0, target(rules, t) - sum(chosen[c.key] for c in candidates if c.theme == t))
            for t in rules.min_share_per_theme
        )
        objective = math.fsum(c.score * chosen[c.key] for c in candidates)
        if best is None or (shortfall, -objective) < best:
            best = (shortfall, -objective)
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rounds(max_candidates=5, max_requested=5))
def test_allocate_is_optimal_against_brute_force_on_tiny_rounds(case):
    candidates, rules = case
    result = allocate(candidates, rules)
    shortfall, negative_objective = brute_force(candidates, rules)
    assert sum(result.theme_shortfall.values()) == shortfall
    assert result.objective == pytest.approx(-negative_objective, abs=1e-6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(rounds(max_candidates=8), st.randoms(use_true_random=False))
def test_the_input_order_does_not_matter(case, rnd):
    candidates, rules = case
    shuffled = list(candidates)
    rnd.shuffle(shuffled)
    assert allocate(shuffled, rules).amounts == allocate(candidates, rules).amounts
    assert allocate_greedy(shuffled, rules).amounts == allocate_greedy(candidates, rules).amounts


def test_theme_minimums_accept_decimal_shares():
    candidates = [cand("a", 5.0, 100, 10, theme="big"), cand("b", 2.0, 100, 10, theme="small")]
    rules = replace(Rules(budget=100), min_share_per_theme={"small": Decimal("0.3")})
    assert allocate(candidates, rules).amounts == {"a": 70, "b": 30}
