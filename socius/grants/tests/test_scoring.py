import math
import random
import statistics
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from socius.grants.scoring import (
    DEFAULT_CRITERIA,
    ScoringError,
    aggregate,
    default_weights,
    disagreement,
    is_disputed,
    weighted_score,
)

WEIGHTS = {"a": Decimal("0.5"), "b": Decimal("0.3"), "c": Decimal("0.2")}


@pytest.fixture(autouse=True)
def _english():
    # Messages are matched in English; the test settings speak Danish.
    with translation.override("en"):
        yield


def test_it_computes_a_weighted_mean():
    # 0.5*4 + 0.3*2 + 0.2*5 = 2 + 0.6 + 1 = 3.6
    assert weighted_score({"a": 4, "b": 2, "c": 5}, WEIGHTS) == pytest.approx(3.6, abs=1e-15)


def test_it_renormalises_over_applicable_criteria():
    # c is not applicable: (0.5*4 + 0.3*2) / 0.8 = 2.6 / 0.8 = 3.25
    assert weighted_score({"a": 4, "b": 2, "c": None}, WEIGHTS) == 3.25


def test_it_treats_a_missing_criterion_as_not_applicable():
    assert weighted_score({"a": 4, "b": 2}, WEIGHTS) == 3.25


def test_it_gives_no_score_when_nothing_applies():
    assert weighted_score({"a": None, "b": None, "c": None}, WEIGHTS) is None
    assert weighted_score({}, WEIGHTS) is None


def test_it_accepts_float_weights():
    assert weighted_score({"a": 1, "b": 3}, {"a": 0.25, "b": 0.75}) == 2.5


def test_it_is_exact_for_the_default_rubric():
    scores = {key: 5 for key in default_weights()}
    assert weighted_score(scores, default_weights()) == 5.0
    scores["lasting-communities"] = 1  # 5 - 0.25 * 4
    assert weighted_score(scores, default_weights()) == 4.0


@pytest.mark.parametrize("value", [-1, 6, 100])
def test_it_refuses_a_score_outside_0_to_5(value):
    with pytest.raises(ScoringError, match="from 0 to 5"):
        weighted_score({"a": value}, WEIGHTS)


@pytest.mark.parametrize("value", [2.5, 3.0, "3", True, Decimal(3)])
def test_it_refuses_a_score_that_is_not_a_whole_number(value):
    with pytest.raises(ScoringError, match="whole number"):
        weighted_score({"a": value}, WEIGHTS)


def test_it_refuses_an_unknown_criterion():
    with pytest.raises(ScoringError, match="not a criterion") as exc:
        weighted_score({"a": 3, "z": 3}, WEIGHTS)
    assert exc.value.params == {"criterion": "z"}


@pytest.mark.parametrize(
    "weight", [0, -0.1, Decimal(0), Decimal("-1"), math.nan, math.inf, Decimal("NaN"), "1", None]
)
def test_it_refuses_weights_that_are_not_positive_numbers(weight):
    with pytest.raises(ScoringError, match="above 0"):
        weighted_score({"a": 3}, {"a": Decimal(1), "b": weight})


def test_the_default_rubric_has_seven_criteria_summing_to_one():
    assert sum(c.weight for c in DEFAULT_CRITERIA) == Decimal(1)
    assert [c.weight for c in DEFAULT_CRITERIA] == [
        Decimal(w) for w in ["0.25", "0.25", "0.15", "0.10", "0.10", "0.10", "0.05"]
    ]
    assert len({c.key for c in DEFAULT_CRITERIA}) == 7


def test_each_default_criterion_describes_every_score():
    for criterion in DEFAULT_CRITERIA:
        assert len(criterion.anchors) == 6
        assert len({str(a) for a in criterion.anchors}) == 6
        assert str(criterion.name)


def test_it_aggregates_by_median_mean_and_trimmed_mean():
    values = [1.0, 2.0, 3.0, 4.0, 10.0]
    assert aggregate(values, "median") == 3.0
    assert aggregate(values, "mean") == 4.0
    # 5 reviewers: int(0.2 * 5) = 1 cut from each end -> mean of 2, 3, 4
    assert aggregate(values, "trimmed") == 3.0


def test_the_trimmed_mean_trims_nothing_for_fewer_than_5_reviewers():
    values = [1.0, 2.0, 3.0, 10.0]
    assert aggregate(values, "trimmed") == aggregate(values, "mean") == 4.0


def test_the_trimmed_mean_cuts_two_from_each_end_for_10_reviewers():
    values = [0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 2.0, 3.0, 5.0, 5.0]
    assert aggregate(values, "trimmed") == 2.0  # mean of 1, 2, 2, 2, 2, 3


def test_it_refuses_to_aggregate_nothing():
    with pytest.raises(ScoringError, match="no reviewer scores"):
        aggregate([], "median")


def test_it_refuses_an_unknown_method_and_non_numbers():
    with pytest.raises(ScoringError, match="Unknown way"):
        aggregate([1.0], "mode")  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="not a number"):
        aggregate([1.0, math.nan], "mean")


def test_it_measures_disagreement_as_the_sample_standard_deviation():
    assert disagreement([3.0]) == 0.0
    assert disagreement([2.0, 4.0]) == pytest.approx(math.sqrt(2))
    assert disagreement([1.0, 1.0, 1.0]) == 0.0


def test_it_flags_a_dispute_only_strictly_above_the_threshold():
    assert not is_disputed([2.0, 4.0], math.sqrt(2) + 1e-12)
    assert is_disputed([2.0, 4.0], 1.4)
    assert not is_disputed([3.0], 0.0)
    assert not is_disputed([1.0, 1.0], 0.0)


scores_strategy = st.dictionaries(
    st.sampled_from(["a", "b", "c", "d", "e"]),
    st.one_of(st.none(), st.integers(0, 5)),
    min_size=1,
)
weight_strategy = st.decimals(min_value="0.0001", max_value="100", places=4)


@settings(max_examples=200, deadline=None)
@given(scores_strategy, st.lists(weight_strategy, min_size=5, max_size=5), st.integers(1, 10**6))
def test_scaling_every_weight_changes_nothing(scores, weights, factor):
    base = dict(zip("abcde", weights, strict=True))
    scaled = {k: w * factor for k, w in base.items()}
    assert weighted_score(scores, base) == weighted_score(scores, scaled)


@settings(max_examples=200, deadline=None)
@given(scores_strategy, st.lists(st.floats(0.001, 1000), min_size=5, max_size=5))
def test_the_score_lies_between_the_lowest_and_highest_given(scores, weights):
    result = weighted_score(scores, dict(zip("abcde", weights, strict=True)))
    given_scores = [v for v in scores.values() if v is not None]
    if not given_scores:
        assert result is None
    else:
        assert result is not None
        assert min(given_scores) <= result <= max(given_scores)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 5), min_size=1, max_size=15), st.randoms(use_true_random=False))
def test_the_median_ignores_the_order_of_reviewers(values, rnd: random.Random):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert aggregate(shuffled, "median") == aggregate(values, "median")
    assert aggregate(values, "median") == statistics.median(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 5), min_size=1, max_size=15))
def test_every_method_stays_within_the_scores(values):
    for method in ("median", "mean", "trimmed"):
        result = aggregate(values, method)  # type: ignore[arg-type]
        assert min(values) - 1e-12 <= result <= max(values) + 1e-12
