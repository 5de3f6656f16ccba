"""Weighting methods: direct, 100 points, rank-order centroid, swing, AHP, hierarchical."""

import math

import pytest

from secu4all_ethics import (
    WeightError,
    ahp_weights,
    hierarchical_weights,
    normalise_weights,
    points_weights,
    rank_order_centroid,
    swing_weights,
)
from secu4all_ethics.engine.weighting.ahp import RANDOM_INDEX, RANDOM_INDEX_TABLE_NAME

IDS = ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "n, expected",
    [
        (3, [0.6111, 0.2778, 0.1111]),
        (4, [0.5208, 0.2708, 0.1458, 0.0625]),
        (5, [0.4567, 0.2567, 0.1567, 0.0900, 0.0400]),
    ],
)
def test_rank_order_centroid_matches_barron_and_barrett(n, expected):
    """Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked
    attribute weights. Management Science 42(11), 1515-1523, table of ROC weights."""
    ids = [f"c{i}" for i in range(n)]
    weights = rank_order_centroid([[c] for c in ids], ids)
    assert [round(weights[c], 4) for c in ids] == expected


def test_rank_order_centroid_ties_share_their_positions():
    weights = rank_order_centroid([["a"], ["b", "c"], ["d"]], IDS)
    assert weights["b"] == weights["c"] == pytest.approx((0.2708333 + 0.1458333) / 2, abs=1e-6)
    assert math.isclose(sum(weights.values()), 1.0)


@pytest.mark.parametrize(
    "ranking, message",
    [
        ([["a"], ["b"], ["c"]], "leaves out: d"),
        ([["a", "a"], ["b"], ["c"], ["d"]], "more than once: a"),
        ([["a"], ["b"], ["c"], ["d"], ["e"]], "unknown criteria: e"),
    ],
)
def test_rank_order_centroid_refuses_bad_rankings(ranking, message):
    with pytest.raises(WeightError, match=message):
        rank_order_centroid(ranking, IDS)


DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINK_JUDGEMENTS = [
    ("coffee", "wine", 9), ("coffee", "tea", 5), ("coffee", "beer", 2), ("coffee", "soda", 1), ("coffee", "milk", 1),
    ("water", "coffee", 2), ("tea", "wine", 3), ("beer", "wine", 9), ("beer", "tea", 3), ("beer", "milk", 1),
    ("soda", "wine", 9), ("soda", "tea", 4), ("soda", "beer", 2), ("soda", "milk", 2), ("milk", "wine", 9),
    ("milk", "tea", 3), ("water", "wine", 9), ("water", "tea", 9), ("water", "beer", 3), ("water", "soda", 2),
    ("water", "milk", 3),
]


def test_ahp_reproduces_saaty_drinks_example():
    """Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
    Int. J. Services Sciences 1(1), 83-98: relative consumption of drinks in the US.
    Published priorities .177 .019 .042 .116 .190 .129 .327; consistency ratio .022
    against Saaty's random index (1.32 for n = 7)."""
    outcome = ahp_weights(DRINKS, DRINK_JUDGEMENTS)
    published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert [round(outcome.priorities[d], 3) for d in DRINKS] == published
    assert outcome.random_index == 1.32
    assert round(outcome.consistency_ratio, 3) == 0.022
    assert outcome.acceptable


def test_ahp_consistent_matrix_has_zero_ratio_and_exact_weights():
    # a = 2b = 4c: perfectly consistent.
    outcome = ahp_weights(["a", "b", "c"], [("a", "b", 2), ("b", "c", 2), ("a", "c", 4)])
    assert outcome.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert [outcome.priorities[k] for k in "abc"] == pytest.approx([4 / 7, 2 / 7, 1 / 7])


def test_ahp_inconsistent_judgements_are_flagged_with_the_worst_pairs():
    # a > b > c > a: a cycle no weights can honour.
    outcome = ahp_weights(["a", "b", "c", "d"], [
        ("a", "b", 5), ("b", "c", 5), ("c", "a", 5), ("a", "d", 1), ("b", "d", 1), ("c", "d", 1),
    ])
    assert outcome.consistency_ratio > 0.10 and not outcome.acceptable
    worst = outcome.inconsistent_pairs[0]
    assert {worst.a, worst.b} <= {"a", "b", "c"}
    assert worst.given != pytest.approx(worst.implied)
    assert len(outcome.inconsistent_pairs) == 3


def test_random_index_table_is_saatys():
    assert RANDOM_INDEX[2:10] == (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
    assert "Saaty" in RANDOM_INDEX_TABLE_NAME


@pytest.mark.parametrize(
    "judgements, message",
    [
        ([("a", "b", 2)], "missing for: a/c, b/c"),
        ([("a", "b", 2), ("b", "a", 3), ("a", "c", 1), ("b", "c", 1)], "more than once"),
        ([("a", "a", 2), ("a", "b", 1), ("a", "c", 1), ("b", "c", 1)], "compared with itself"),
        ([("a", "b", 12), ("a", "c", 1), ("b", "c", 1)], "between 1/9 and 9"),
        ([("a", "x", 2), ("a", "c", 1), ("b", "c", 1)], "unknown item 'x'"),
    ],
)
def test_ahp_refuses_incomplete_or_contradictory_judgements(judgements, message):
    with pytest.raises(WeightError, match=message):
        ahp_weights(["a", "b", "c"], judgements)


def test_points_must_add_up_to_100():
    assert points_weights({"a": 40, "b": 30, "c": 20, "d": 10}, IDS)["a"] == pytest.approx(0.4)
    with pytest.raises(WeightError, match="add up to 90"):
        points_weights({"a": 40, "b": 30, "c": 10, "d": 10}, IDS)


def test_swing_needs_the_top_swing_at_100():
    weights = swing_weights({"a": 100, "b": 50, "c": 25, "d": 25}, IDS)
    assert weights["a"] == pytest.approx(0.5)
    with pytest.raises(WeightError, match="most important swing 100"):
        swing_weights({"a": 80, "b": 50, "c": 25, "d": 25}, IDS)


def test_hierarchical_multiplies_pillar_by_share_within_pillar():
    pillar_of = {"a": "p", "b": "p", "c": "q", "d": "q"}
    weights = hierarchical_weights({"p": 3, "q": 1}, {"a": 1, "b": 3, "c": 1, "d": 1}, pillar_of, IDS)
    assert weights == pytest.approx({"a": 0.75 * 0.25, "b": 0.75 * 0.75, "c": 0.125, "d": 0.125})


@pytest.mark.parametrize(
    "raw, message",
    [
        ({"a": 1, "b": 1, "c": 1}, "no weight given for: d"),
        ({"a": -1, "b": 1, "c": 1, "d": 1}, "negative"),
        ({"a": float("nan"), "b": 1, "c": 1, "d": 1}, "not a finite number"),
        ({"a": float("inf"), "b": 1, "c": 1, "d": 1}, "not a finite number"),
        ({"a": 0, "b": 0, "c": 0, "d": 0}, "all weights are zero"),
        ({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1}, "unknown criteria: e"),
        ({"a": "heavy", "b": 1, "c": 1, "d": 1}, "not a number"),
    ],
)
def test_unusable_weights_are_refused_clearly(raw, message):
    with pytest.raises(WeightError, match=message):
        normalise_weights(raw, IDS)
