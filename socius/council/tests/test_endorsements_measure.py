"""The measure of cross-party support, with values worked out by hand.

Spread = H / ln(K), H = -sum p ln p over the blocs' shares of the supporting parties that are in
a bloc, K = the number of blocs that exist."""

import math

import pytest

from socius.council.selectors_endorsements import support_measure

THREE = ["red", "centre", "blue"]


def test_no_support_has_no_spread():
    m = support_measure({}, THREE)
    assert (m.parties, m.blocs_reached, m.blocs_total, m.spread) == (0, 0, 3, None)
    assert m.outside_blocs == 0
    assert m.per_bloc == {"blue": 0, "centre": 0, "red": 0}


def test_one_party_is_all_in_one_bloc():
    m = support_measure({1: "red"}, THREE)
    assert (m.parties, m.blocs_reached, m.blocs_total) == (1, 1, 3)
    assert m.spread == 0.0


def test_three_parties_of_one_bloc_are_still_one_bloc():
    m = support_measure({1: "red", 2: "red", 3: "red"}, THREE)
    assert (m.parties, m.blocs_reached, m.spread) == (3, 1, 0.0)


def test_one_party_in_every_bloc_is_spread_evenly():
    m = support_measure({1: "red", 2: "centre", 3: "blue"}, THREE)
    assert (m.parties, m.blocs_reached, m.blocs_total) == (3, 3, 3)
    assert m.spread == pytest.approx(1.0)


def test_two_and_one_in_two_of_three_blocs():
    # p = 2/3, 1/3: H = 0.636514, ln 3 = 1.098612, H / ln 3 = 0.579380
    m = support_measure({1: "red", 2: "red", 3: "blue"}, THREE)
    assert (m.parties, m.blocs_reached, m.blocs_total) == (3, 2, 3)
    assert m.spread == pytest.approx(0.579380, abs=1e-6)
    assert m.per_bloc == {"blue": 1, "centre": 0, "red": 2}


def test_one_each_in_two_of_three_blocs():
    # p = 1/2, 1/2: H = ln 2, spread = ln 2 / ln 3 = 0.630930
    m = support_measure({1: "red", 2: "blue"}, THREE)
    assert m.spread == pytest.approx(math.log(2) / math.log(3))
    assert m.spread == pytest.approx(0.630930, abs=1e-6)


def test_two_blocs_evenly_is_one():
    m = support_measure({1: "red", 2: "blue"}, ["red", "blue"])
    assert m.spread == pytest.approx(1.0)


def test_a_party_without_a_bloc_counts_as_a_party_but_not_in_the_spread():
    m = support_measure({1: "red", 2: None, 3: "other"}, THREE)
    assert (m.parties, m.blocs_reached, m.outside_blocs) == (3, 1, 2)
    assert m.spread == 0.0
    only_outside = support_measure({7: None}, THREE)
    assert (only_outside.parties, only_outside.blocs_reached, only_outside.spread) == (1, 0, None)


def test_a_bloc_that_does_not_exist_here_is_outside():
    # A council with only red and blue: a centre party is outside its blocs.
    m = support_measure({1: "red", 2: "centre"}, ["red", "blue"])
    assert (m.blocs_reached, m.blocs_total, m.outside_blocs, m.spread) == (1, 2, 1, 0.0)


def test_fewer_than_two_blocs_cannot_be_spread():
    assert support_measure({1: "red"}, ["red"]).spread is None
    assert support_measure({1: "red"}, []).spread is None


def test_seat_share_counts_each_supporting_partys_seats_once():
    seats = {1: 10, 2: 5, 3: 16}
    m = support_measure({1: "red", 2: "blue", 9: None}, THREE, seats=seats, total_seats=31)
    assert m.seat_share == pytest.approx(15 / 31)
    assert support_measure({1: "red"}, THREE).seat_share is None
    assert support_measure({1: "red"}, THREE, seats=seats, total_seats=0).seat_share is None
