"""Weighting methods: direct, 100 points, rank-order centroid, swing, AHP, hierarchical."""

import math
from types import SimpleNamespace

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
from secu4all_ethics.domain.assessment import DirectWeights
from secu4all_ethics.domain.localized import LANGUAGES
from secu4all_ethics.engine.weighting import derive_weights
from secu4all_ethics.engine.weighting.ahp import RANDOM_INDEX, RANDOM_INDEX_TABLE_NAME
from secu4all_ethics.i18n import catalog
from secu4all_ethics.wording import describe_weight_error

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
    ("coffee", "wine", 9),
    ("coffee", "tea", 5),
    ("coffee", "beer", 2),
    ("coffee", "soda", 1),
    ("coffee", "milk", 1),
    ("water", "coffee", 2),
    ("tea", "wine", 3),
    ("beer", "wine", 9),
    ("beer", "tea", 3),
    ("beer", "milk", 1),
    ("soda", "wine", 9),
    ("soda", "tea", 4),
    ("soda", "beer", 2),
    ("soda", "milk", 2),
    ("milk", "wine", 9),
    ("milk", "tea", 3),
    ("water", "wine", 9),
    ("water", "tea", 9),
    ("water", "beer", 3),
    ("water", "soda", 2),
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
    outcome = ahp_weights(
        ["a", "b", "c", "d"],
        [
            ("a", "b", 5),
            ("b", "c", 5),
            ("c", "a", 5),
            ("a", "d", 1),
            ("b", "d", 1),
            ("c", "d", 1),
        ],
    )
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


# --- WeightError: a code and parameters, described in the reader's language ------------------------

CRITERIA = ["crit_a", "crit_b", "crit_c", "crit_d"]
PILLAR_OF = {"crit_a": "pillar_p", "crit_b": "pillar_p", "crit_c": "pillar_q", "crit_d": "pillar_q"}
NAMES = {
    language: {
        **{c: f"{c[-1].upper()}-criterion ({language})" for c in CRITERIA},
        **{p: f"{p[-1].upper()}-pillar ({language})" for p in set(PILLAR_OF.values())},
    }
    for language in LANGUAGES
}
EVEN = {c: 1 for c in CRITERIA}


def _raise(call):
    with pytest.raises(WeightError) as caught:
        call()
    return caught.value


# code, how to provoke it, str(error) exactly as before, the ids the message must name
WEIGHT_ERRORS = [
    ("unknown_criteria", lambda: normalise_weights({**EVEN, "crit_x": 1}, CRITERIA), "weights name unknown criteria: crit_x", []),
    ("missing_weights", lambda: normalise_weights({"crit_a": 1, "crit_b": 1}, CRITERIA), "no weight given for: crit_c, crit_d", ["crit_c", "crit_d"]),
    ("not_a_number", lambda: normalise_weights({**EVEN, "crit_b": "heavy"}, CRITERIA), "the weight of crit_b is not a number ('heavy')", ["crit_b"]),
    ("not_finite", lambda: normalise_weights({**EVEN, "crit_c": float("inf")}, CRITERIA), "the weight of crit_c is not a finite number (inf)", ["crit_c"]),
    ("negative", lambda: normalise_weights({**EVEN, "crit_d": -1}, CRITERIA), "the weight of crit_d is negative (-1)", ["crit_d"]),
    ("all_zero", lambda: normalise_weights({c: 0 for c in CRITERIA}, CRITERIA), "all weights are zero: give at least one criterion a positive weight", []),
    ("points_total", lambda: points_weights({**EVEN, "crit_a": 87}, CRITERIA), "the points add up to 90; share out exactly 100", []),
    ("swing_over_100", lambda: swing_weights({**EVEN, "crit_a": 120}, CRITERIA), "the swing of crit_a is rated 120; ratings run from 0 to 100", ["crit_a"]),
    ("swing_top", lambda: swing_weights({**EVEN, "crit_a": 80}, CRITERIA), "rate the most important swing 100 and the others relative to it", []),
    ("ranking_unknown", lambda: rank_order_centroid([CRITERIA, ["crit_x"]], CRITERIA), "the ranking names unknown criteria: crit_x", []),
    ("ranking_duplicate", lambda: rank_order_centroid([CRITERIA, ["crit_b"]], CRITERIA), "the ranking lists these criteria more than once: crit_b", ["crit_b"]),
    ("ranking_missing", lambda: rank_order_centroid([["crit_a", "crit_c"]], CRITERIA), "the ranking leaves out: crit_b, crit_d", ["crit_b", "crit_d"]),
    ("ranking_empty_group", lambda: rank_order_centroid([["crit_a"], [], ["crit_b", "crit_c", "crit_d"]], CRITERIA), "the ranking contains an empty group", []),
    (
        "pillar_without_criteria",
        lambda: hierarchical_weights({"pillar_p": 1, "pillar_q": 1}, {**EVEN, "crit_a": 0, "crit_b": 0}, PILLAR_OF, CRITERIA),
        "pillar pillar_p has weight but all its criteria have zero weight within it",
        ["pillar_p"],
    ),
    ("ahp_unknown_item", lambda: ahp_weights(CRITERIA[:2], [("crit_a", "crit_x", 2)]), "pairwise comparison names unknown item 'crit_x'", []),
    ("ahp_self", lambda: ahp_weights(CRITERIA[:2], [("crit_a", "crit_a", 2)]), "crit_a is compared with itself", ["crit_a"]),
    (
        "ahp_duplicate",
        lambda: ahp_weights(CRITERIA[:2], [("crit_a", "crit_b", 2), ("crit_b", "crit_a", 3)]),
        "crit_b and crit_a are compared more than once",
        ["crit_a", "crit_b"],
    ),
    (
        "ahp_out_of_range",
        lambda: ahp_weights(CRITERIA[:2], [("crit_a", "crit_b", 12)]),
        "the comparison of crit_a with crit_b must lie between 1/9 and 9 (got 12)",
        ["crit_a", "crit_b"],
    ),
    (
        "ahp_missing",
        lambda: ahp_weights(CRITERIA[:3], [("crit_a", "crit_b", 2)]),
        "pairwise comparisons missing for: crit_a/crit_c, crit_b/crit_c",
        ["crit_a", "crit_b", "crit_c"],
    ),
    ("ahp_too_few", lambda: ahp_weights(["crit_a"], []), "pairwise comparison needs at least two items", []),
    ("ahp_too_many", lambda: ahp_weights([f"item_{i}" for i in range(16)], []), "pairwise comparison supports at most 15 items (got 16)", []),
]


@pytest.mark.parametrize("code, call, message, named", WEIGHT_ERRORS, ids=[case[0] for case in WEIGHT_ERRORS])
def test_weight_errors_keep_their_english_message_and_carry_a_code(code, call, message, named):
    error = _raise(call)
    assert error.code == code
    assert str(error) == message
    # without names, the English catalog says exactly what str(error) says
    assert describe_weight_error(error, "en") == message


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code, call, message, named", WEIGHT_ERRORS, ids=[case[0] for case in WEIGHT_ERRORS])
def test_weight_errors_are_described_in_every_language_with_names(code, call, message, named, language):
    error = _raise(call)
    assert f"wording.weight_error.{code}" in catalog(language)
    text = describe_weight_error(error, language, NAMES[language])
    assert text and "{" not in text and "}" not in text
    for item in named:
        assert NAMES[language][item] in text, text
        assert item not in text, text
    if language != "en":
        assert text != describe_weight_error(error, "en", NAMES[language]), f"{language}: not translated"


def test_every_catalogued_weight_error_code_is_exercised():
    catalogued = {key.removeprefix("wording.weight_error.") for key in catalog("en") if key.startswith("wording.weight_error.")}
    exercised = {case[0] for case in WEIGHT_ERRORS} | {"unknown_preset", "unknown_method"}
    assert catalogued == exercised


def test_unknown_preset_and_method_are_described(bundle):
    preset = _raise(lambda: derive_weights(DirectWeights(preset="no_such_profile"), bundle))
    assert (preset.code, str(preset)) == ("unknown_preset", "unknown preset 'no_such_profile'")
    method = _raise(lambda: derive_weights(SimpleNamespace(method="magic", set_by=""), bundle))
    assert (method.code, str(method)) == ("unknown_method", "unknown weighting method 'magic'")
    for language in LANGUAGES:
        assert "no_such_profile" in describe_weight_error(preset, language)
        assert "magic" in describe_weight_error(method, language)
    assert describe_weight_error(preset, "fr") == "profil de pondération inconnu\u00a0: «\u00a0no_such_profile\u00a0»"
    assert describe_weight_error(method, "de") == "unbekannte Gewichtungsmethode: „magic“"


def test_missing_weights_name_the_criteria_in_the_readers_language(bundle):
    names = {c.id: c.name.get("fr") for c in bundle.framework.criteria}
    error = _raise(lambda: normalise_weights({"privacy_intrusion": 1.0}, bundle.criterion_ids))
    assert str(error).startswith("no weight given for: ") and "effectiveness_evidence" in str(error)
    text = describe_weight_error(error, "fr", names)
    assert text.startswith("aucun poids n'est indiqué pour\u00a0: ")
    assert bundle.criteria["effectiveness_evidence"].name.fr in text
    assert "effectiveness_evidence" not in text
    missing = [c for c in bundle.criterion_ids if c != "privacy_intrusion"]
    assert text.endswith(", ".join(names[c] for c in missing))


def test_numbers_in_weight_errors_follow_the_locale():
    error = _raise(lambda: points_weights({"crit_a": 40.5, "crit_b": 30, "crit_c": 20, "crit_d": 10}, CRITERIA))
    assert str(error) == "the points add up to 100.5; share out exactly 100"
    assert describe_weight_error(error, "fr") == "le total des points est de 100,5\u00a0; répartissez-en exactement 100"
    assert describe_weight_error(error, "de") == "die Punkte ergeben zusammen 100,5; verteilen Sie genau 100"


def test_weight_errors_without_a_catalogued_code_fall_back_to_the_message():
    assert describe_weight_error(WeightError("plain message"), "fr") == "plain message"
    assert describe_weight_error(WeightError("plain message", "no_such_code", items=["crit_a"]), "de", NAMES["de"]) == "plain message"
    assert WeightError("plain message").code is None and WeightError("plain message").params == {}
