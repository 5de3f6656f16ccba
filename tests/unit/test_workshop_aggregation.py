"""A workshop round's figures against values computed by hand (the arithmetic is in the comments).

The framework's pillars, in order: effectiveness, privacy, legality, cost. Its default weights within
each pillar (criteria/frameworks): effectiveness 18, 9, 5 (sum 32), privacy 14, 9, 5, 4 (sum 32),
legality 9, 5, 9 (sum 23), cost 9, 4 (sum 13)."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.content.cards import card_assessment, load_cards
from secu4all_ethics.domain.assessment import DirectWeights
from secu4all_ethics.domain.workshop import PairwiseAnswer, ParticipantInput
from secu4all_ethics.engine.group import (
    geometric_mean_judgements,
    item_ids,
    item_weights,
    kendalls_w,
    median_item_weights,
    round_change,
    round_outcome,
    starting_levels,
)
from secu4all_ethics.engine.group.aggregate import group_item_weights, mean_weights
from secu4all_ethics.engine.group.consensus import contested_items, item_spreads
from secu4all_ethics.engine.weighting import WeightError
from tests.conftest import ROOT

PILLARS = ["effectiveness", "privacy", "legality", "cost"]
CARD_OPTIONS = ["hvm_street_furniture", "guardians_stewards", "cctv_control_room", "live_facial_recognition", "do_nothing"]


@pytest.fixture(scope="module")
def card():
    """The Christmas market example restricted to five options, one of which the legal gates exclude."""
    assessment = load_assessment(ROOT / "criteria/examples/christmas_market.yaml")
    return assessment.model_copy(update={"options": [o for o in assessment.options if o.key in CARD_OPTIONS]})


def pillars(effectiveness, privacy, legality, cost, **fields):
    return ParticipantInput(weights=dict(zip(PILLARS, (effectiveness, privacy, legality, cost))), **fields)


# Three participants on the pillar sliders (0-10); normalised by their sums (10, 4, 10):
#   ana   4 3 2 1 -> 0.40 0.30 0.20 0.10
#   ben   1 1 1 1 -> 0.25 0.25 0.25 0.25   (every pillar tied)
#   chloe 2 6 2 0 -> 0.20 0.60 0.20 0.00   (effectiveness and legality tied)
ROUND_1 = {"ana": pillars(4, 3, 2, 1), "ben": pillars(1, 1, 1, 1), "chloe": pillars(2, 6, 2, 0)}


@pytest.fixture(scope="module")
def first_round(card, bundle):
    return round_outcome(card, bundle, ROUND_1, "pillars", 1)


def test_the_group_weights_are_the_mean_of_the_normalised_weights(first_round):
    # effectiveness (0.40 + 0.25 + 0.20) / 3 = 0.85 / 3 = 0.283333
    # privacy       (0.30 + 0.25 + 0.60) / 3 = 1.15 / 3 = 0.383333
    # legality      (0.20 + 0.25 + 0.20) / 3 = 0.65 / 3 = 0.216667
    # cost          (0.10 + 0.25 + 0.00) / 3 = 0.35 / 3 = 0.116667   (sum 3 / 3 = 1)
    assert first_round.items == PILLARS
    expected = {"effectiveness": 0.85 / 3, "privacy": 1.15 / 3, "legality": 0.65 / 3, "cost": 0.35 / 3}
    assert first_round.group_item_weights == pytest.approx(expected)
    ana = next(p for p in first_round.participants if p.pseudonym == "ana")
    assert ana.weights == pytest.approx({"effectiveness": 0.4, "privacy": 0.3, "legality": 0.2, "cost": 0.1})


def test_pillar_weights_are_spread_over_their_criteria_by_the_framework_defaults(first_round):
    # ana: effectiveness 0.40 x 18/32 = 0.225 on effectiveness_evidence; cost 0.10 x 4/13 = 0.030769 on implementation_feasibility.
    # group: effectiveness_evidence 0.283333 x 18/32 = 0.159375; privacy_intrusion 0.383333 x 14/32 = 0.167708.
    ana = next(p for p in first_round.participants if p.pseudonym == "ana")
    assert ana.criterion_weights["effectiveness_evidence"] == pytest.approx(0.225)
    assert ana.criterion_weights["implementation_feasibility"] == pytest.approx(0.4 / 13)
    assert first_round.group_criterion_weights["effectiveness_evidence"] == pytest.approx(0.159375)
    assert first_round.group_criterion_weights["privacy_intrusion"] == pytest.approx(1.15 / 3 * 14 / 32)
    assert first_round.evaluation.weights == pytest.approx(first_round.group_criterion_weights)
    assert first_round.evaluation.weighting.method == "hierarchical"


def test_kendalls_w_with_ties(first_round):
    # Ranks (largest weight first; ties share the mean of their ranks), and each participant's T = sum (t^3 - t):
    #            eff  priv  leg  cost    T
    #   ana       1    2     3    4      0
    #   ben      2.5  2.5   2.5  2.5    4^3 - 4 = 60
    #   chloe    2.5   1    2.5   4     2^3 - 2 = 6
    #   R_j       6   5.5    8   10.5   (sum 30 = m n (n + 1) / 2 = 3 x 4 x 5 / 2; mean 7.5)
    # S = (-1.5)^2 + (-2)^2 + 0.5^2 + 3^2 = 2.25 + 4 + 0.25 + 9 = 15.5
    # W = 12 S / (m^2 (n^3 - n) - m sum T) = 186 / (9 x 60 - 3 x 66) = 186 / 342 = 0.543860
    assert first_round.kendalls_w == pytest.approx(186 / 342)


def test_kendalls_w_without_ties(card, bundle):
    #            eff  priv  leg  cost
    #   ana       1    2     3    4     (4 3 2 1)
    #   ben       1    3     2    4     (4 2 3 1)
    #   chloe     2    1     3    4     (3 4 2 1)
    #   R_j       4    6     8   12     mean 7.5; S = 3.5^2 + 1.5^2 + 0.5^2 + 4.5^2 = 12.25 + 2.25 + 0.25 + 20.25 = 35
    # W = 12 x 35 / (9 x 60) = 420 / 540 = 7/9 = 0.777778
    inputs = {"ana": pillars(4, 3, 2, 1), "ben": pillars(4, 2, 3, 1), "chloe": pillars(3, 4, 2, 1)}
    assert round_outcome(card, bundle, inputs, "pillars", 1).kendalls_w == pytest.approx(7 / 9)


def test_kendalls_w_degenerate_cases():
    # One participant: nothing to agree on. Everyone ties every item: S = 0 and the denominator
    # 4 x 60 - 2 x (60 + 60) = 0; their rankings are identical, which the module reads as W = 1.
    assert kendalls_w(np.array([[0.4, 0.3, 0.2, 0.1]])) is None
    assert kendalls_w(np.full((2, 4), 0.25)) == 1.0
    # Two participants in exactly opposite orders: R_j = 5 for every item, S = 0, W = 0.
    assert kendalls_w(np.array([[4, 3, 2, 1], [1, 2, 3, 4]], dtype=float)) == 0.0


def test_spread_per_item(first_round):
    # Quartiles by linear interpolation over the sorted values at positions (3 - 1) x 0.25 = 0.5 and 1.5:
    #   effectiveness 0.20 0.25 0.40: Q1 = 0.20 + 0.5 x 0.05 = 0.225, median 0.25, Q3 = 0.25 + 0.5 x 0.15 = 0.325, IQR 0.100
    #   privacy       0.25 0.30 0.60: Q1 = 0.275, Q3 = 0.450, IQR 0.175
    #   legality      0.20 0.20 0.25: Q1 = 0.200, Q3 = 0.225, IQR 0.025
    #   cost          0.00 0.10 0.25: Q1 = 0.050, Q3 = 0.175, IQR 0.125
    # Population standard deviation of effectiveness: mean 0.283333, deviations 0.116667, -0.033333, -0.083333,
    # squares 0.013611 + 0.001111 + 0.006944 = 0.021667, / 3 = 0.0072222, root 0.084984.
    spreads = {s.item: s for s in first_round.spreads}
    effectiveness = spreads["effectiveness"]
    assert (effectiveness.quartile_1, effectiveness.median, effectiveness.quartile_3) == pytest.approx((0.225, 0.25, 0.325))
    assert effectiveness.interquartile_range == pytest.approx(0.1)
    assert (effectiveness.minimum, effectiveness.maximum, effectiveness.mean) == pytest.approx((0.2, 0.4, 0.85 / 3))
    assert effectiveness.standard_deviation == pytest.approx(math.sqrt(0.065 / 9))
    assert [spreads[p].interquartile_range for p in PILLARS] == pytest.approx([0.1, 0.175, 0.025, 0.125])
    assert median_item_weights(first_round) == pytest.approx({"effectiveness": 0.25, "privacy": 0.3, "legality": 0.2, "cost": 0.1})


def test_contested_items_are_the_widest_interquartile_ranges(first_round):
    # IQRs from test_spread_per_item: privacy 0.175 > cost 0.125 > effectiveness 0.100 > legality 0.025.
    assert first_round.contested_items == ["privacy", "cost", "effectiveness"]
    widest = first_round.prompts[0]
    assert widest.code == "widest_spread"
    assert widest.params == pytest.approx({"item": "privacy", "iqr": 0.175, "min": 0.25, "max": 0.6})


def test_contested_ties_go_to_the_larger_deviation_then_the_framework_order():
    # Five participants: the quartiles fall on the 2nd and 4th sorted values, IQR = x(4) - x(2).
    #   a  0.1 0.2 0.3 0.4 0.5   IQR 0.2   std sqrt((0.04 + 0.01 + 0 + 0.01 + 0.04) / 5) = sqrt(0.02) = 0.1414
    #   b  0.0 0.2 0.3 0.4 0.6   IQR 0.2   std sqrt((0.09 + 0.01 + 0 + 0.01 + 0.09) / 5) = sqrt(0.04) = 0.2
    #   c  as a                  IQR 0.2   std 0.1414 (after a in the framework's order)
    #   d  0.3 five times        no spread: not contested
    #   e  0.2 0.25 0.3 0.35 0.4 IQR 0.1   (fourth: only three are named)
    columns = {
        "a": [0.1, 0.2, 0.3, 0.4, 0.5],
        "b": [0.0, 0.2, 0.3, 0.4, 0.6],
        "c": [0.1, 0.2, 0.3, 0.4, 0.5],
        "d": [0.3] * 5,
        "e": [0.2, 0.25, 0.3, 0.35, 0.4],
    }
    spreads = item_spreads(np.array(list(columns.values())).T, list(columns))
    assert [s.standard_deviation for s in spreads[:2]] == pytest.approx([math.sqrt(0.02), 0.2])
    assert contested_items(spreads) == ["b", "a", "c"]
    assert contested_items(item_spreads(np.array([[0.5, 0.5], [0.5, 0.5]]), ["x", "y"])) == []


# Pairwise mode: each participant's judgements are consistent with a weight vector, so the
# geometric means are easy to take by hand.
#   ana   (8, 4, 2, 1): eff/priv 2, eff/leg 4, eff/cost 8, priv/leg 2, priv/cost 4, leg/cost 2
#   ben   (1, 1, 1, 1): every pair 1
#   chloe (1, 2, 4, 1): eff/priv 1/2, eff/leg 1/4, eff/cost 1, priv/leg 1/2, priv/cost 2, leg/cost 4
# Geometric means: eff/priv (2 x 1 x 1/2)^(1/3) = 1, eff/leg (4 x 1 x 1/4)^(1/3) = 1, eff/cost (8 x 1 x 1)^(1/3) = 2,
# priv/leg (2 x 1 x 1/2)^(1/3) = 1, priv/cost (4 x 1 x 2)^(1/3) = 2, leg/cost (2 x 1 x 4)^(1/3) = 2.
# That matrix is consistent with (2, 2, 2, 1): priorities 2/7, 2/7, 2/7, 1/7 and consistency ratio 0.
# The mean of the participants' own priorities would differ: effectiveness (8/15 + 1/4 + 1/8) / 3 = 0.302778.
def judgements_of(vector, reversed_pairs=()):
    answers = []
    for i in range(4):
        for j in range(i + 1, 4):
            a, b, value = PILLARS[i], PILLARS[j], vector[i] / vector[j]
            answers.append(PairwiseAnswer(a=b, b=a, value=1 / value) if (a, b) in reversed_pairs else PairwiseAnswer(a=a, b=b, value=value))
    return ParticipantInput(judgements=answers)


PAIRWISE = {
    "ana": judgements_of((8, 4, 2, 1), reversed_pairs={("effectiveness", "cost")}),  # given as cost/eff = 1/8
    "ben": judgements_of((1, 1, 1, 1)),
    "chloe": judgements_of((1, 2, 4, 1)),
}


def test_pairwise_judgements_are_aggregated_by_their_geometric_mean(card, bundle):
    group = geometric_mean_judgements(PILLARS, [[(j.a, j.b, j.value) for j in p.judgements] for p in PAIRWISE.values()])
    assert [(a, b) for a, b, _ in group] == [(PILLARS[i], PILLARS[j]) for i in range(4) for j in range(i + 1, 4)]
    assert [value for _, _, value in group] == pytest.approx([1, 1, 2, 1, 2, 2])
    outcome = round_outcome(card, bundle, PAIRWISE, "pairwise", 1)
    assert outcome.group_item_weights == pytest.approx({"effectiveness": 2 / 7, "privacy": 2 / 7, "legality": 2 / 7, "cost": 1 / 7})
    ahp = outcome.evaluation.weighting.ahp
    assert ahp is not None and ahp.consistency_ratio == pytest.approx(0, abs=1e-9)
    # Each participant's own weights are their own priorities: ana (8, 4, 2, 1) / 15.
    ana = next(p for p in outcome.participants if p.pseudonym == "ana")
    assert ana.weights == pytest.approx({"effectiveness": 8 / 15, "privacy": 4 / 15, "legality": 2 / 15, "cost": 1 / 15})
    # effectiveness_evidence: 2/7 x 18/32 = 0.160714
    assert outcome.group_criterion_weights["effectiveness_evidence"] == pytest.approx(2 / 7 * 18 / 32)


def test_a_pair_given_either_way_round_counts_the_same():
    # a over b: 3, 9 and (b over a by 3, that is a over b by 1/3): (3 x 9 x 1/3)^(1/3) = 9^(1/3) = 2.080084
    group = geometric_mean_judgements(["a", "b"], [[("a", "b", 3.0)], [("a", "b", 9.0)], [("b", "a", 3.0)]])
    assert group == [("a", "b", pytest.approx(9 ** (1 / 3)))]
    with pytest.raises(WeightError) as missing:
        geometric_mean_judgements(["a", "b", "c"], [[("a", "b", 3.0), ("a", "c", 2.0)]])
    assert missing.value.code == "ahp_missing"


def test_points_must_share_out_100_and_are_normalised(bundle):
    criteria = item_ids(bundle, "points")
    assert criteria == list(bundle.criterion_ids)
    # 50 + 30 + 20 = 100 on three criteria: 0.5, 0.3, 0.2; the others 0.
    given = dict.fromkeys(criteria, 0.0) | {criteria[0]: 50, criteria[3]: 30, criteria[7]: 20}
    weights = item_weights(bundle, "points", ParticipantInput(weights=given))
    assert (weights[criteria[0]], weights[criteria[3]], weights[criteria[7]]) == pytest.approx((0.5, 0.3, 0.2))
    with pytest.raises(WeightError) as short:
        item_weights(bundle, "points", ParticipantInput(weights=given | {criteria[0]: 40}))
    assert short.value.code == "points_total"


def test_a_gate_excluded_option_stays_excluded_whatever_the_weights_and_scores(card, bundle):
    judged = bundle.judgement_criterion_ids
    inputs = {
        "all_effectiveness": pillars(10, 0, 0, 0),
        "all_cost": pillars(0, 0, 0, 10),
        # Raises live facial recognition to the top level everywhere: still no score buys it back.
        "believer": pillars(10, 0, 0, 0, scores={"live_facial_recognition": dict.fromkeys(judged, 5)}),
    }
    outcome = round_outcome(card, bundle, inputs, "pillars", 1)
    assert outcome.excluded_options == ["live_facial_recognition"]
    assert all("live_facial_recognition" not in p.ranks and p.top_option != "live_facial_recognition" for p in outcome.participants)
    assert "live_facial_recognition" not in outcome.evaluation.ranking
    assert "live_facial_recognition" not in [o.option for o in outcome.options]
    excluded = next(o for o in outcome.evaluation.options if o.key == "live_facial_recognition")
    prompt = next(p for p in outcome.prompts if p.code == "excluded_option")
    assert prompt.params == {"option": "live_facial_recognition", "gates": [g.gate for g in excluded.exclusion_reasons]}
    assert "prohibited_practice" in prompt.params["gates"]


def test_adjusted_scores_rank_the_participant_and_the_group_takes_the_rounded_median(card, bundle):
    # Card levels: cctv_control_room / function_creep 2; do_nothing effectiveness criteria 1, 1, 1.
    # function_creep: dora 3, emil 4, finn and gus keep 2 -> 2, 2, 3, 4: median 2.5, rounded half up: 3.
    # do_nothing's effectiveness: only gus sets 5 -> 1, 1, 1, 5: median 1, the card's level stays.
    # gus's own do_nothing then scores 5 on every criterion but equity (4) and comes first for him alone.
    effectiveness_criteria = ["effectiveness_evidence", "operational_reliability", "public_acceptance"]
    inputs = {
        "dora": pillars(1, 1, 1, 1, scores={"cctv_control_room": {"function_creep": 3}}),
        "emil": pillars(1, 1, 1, 1, scores={"cctv_control_room": {"function_creep": 4}}),
        "finn": pillars(1, 1, 1, 1),
        "gus": pillars(1, 1, 1, 1, scores={"do_nothing": dict.fromkeys(effectiveness_criteria, 5)}),
    }
    outcome = round_outcome(card, bundle, inputs, "pillars", 1)
    group = {o.key: o for o in outcome.evaluation.options}
    assert group["cctv_control_room"].criteria["function_creep"].base == 3
    assert group["do_nothing"].criteria["effectiveness_evidence"].base == 1
    assert group["do_nothing"].criteria["effectiveness_evidence"].source == "reference"
    tops = {p.pseudonym: p.top_option for p in outcome.participants}
    assert tops["gus"] == "do_nothing"
    assert tops["finn"] == outcome.evaluation.ranking[0] != "do_nothing"


def test_first_choices_and_rank_spread_per_option(card, bundle):
    # ana puts everything on effectiveness, ben and chloe on privacy: their first options differ.
    inputs = {"ana": pillars(10, 0, 0, 0), "ben": pillars(0, 10, 0, 0), "chloe": pillars(0, 10, 0, 0)}
    outcome = round_outcome(card, bundle, inputs, "pillars", 1)
    shares = {o.option: o.first_share for o in outcome.options}
    tops = [p.top_option for p in outcome.participants]
    for option, share in shares.items():
        assert share == pytest.approx(tops.count(option) / 3)
    for spread in outcome.options:
        ranks = [p.ranks[spread.option] for p in outcome.participants]
        assert (spread.rank_min, spread.rank_max, spread.rank_mean) == (min(ranks), max(ranks), pytest.approx(sum(ranks) / 3))
        assert spread.rank_standard_deviation == pytest.approx(float(np.std(ranks)))
    assert [o.option for o in outcome.options] == outcome.evaluation.ranking
    moving = sorted((o for o in outcome.options if o.rank_standard_deviation > 0), key=lambda o: -o.rank_standard_deviation)
    assert outcome.most_variable_options == [o.option for o in moving[:2]]


def test_a_split_room_and_options_below_the_status_quo_are_prompts(card, bundle):
    # All on effectiveness: guardians and stewards first; all on privacy: the street furniture (tied with
    # doing nothing, which comes later in the card); all on cost: doing nothing. Each first for 1/3 of the room.
    inputs = {"ana": pillars(10, 0, 0, 0), "ben": pillars(0, 10, 0, 0), "chloe": pillars(0, 0, 0, 10)}
    outcome = round_outcome(card, bundle, inputs, "pillars", 1)
    assert [p.top_option for p in outcome.participants] == ["guardians_stewards", "hvm_street_furniture", "do_nothing"]
    prompts = {p.code: p.params for p in outcome.prompts}
    assert list(prompts) == ["widest_spread", "first_would_change", "split_first_choice", "below_status_quo", "excluded_option"]
    assert sorted(prompts["split_first_choice"]["options"]) == ["do_nothing", "guardians_stewards", "hvm_street_furniture"]
    assert prompts["split_first_choice"]["shares"] == pytest.approx([1 / 3] * 3)
    # With the group's weights (1/3 on effectiveness, privacy and cost) the control room scores below doing nothing.
    assert [o.key for o in outcome.evaluation.options if o.beats_status_quo is False] == ["cctv_control_room"]
    assert prompts["below_status_quo"] == {"options": ["cctv_control_room"], "status_quo": "do_nothing"}
    unanimous = round_outcome(card, bundle, {"ana": pillars(1, 1, 1, 1), "ben": pillars(1, 1, 1, 1)}, "pillars", 1)
    assert "split_first_choice" not in [p.code for p in unanimous.prompts]
    assert "widest_spread" not in [p.code for p in unanimous.prompts]  # nobody disagrees on any weight
    change = unanimous.evaluation.robustness.critical_change
    prompt = next(p for p in unanimous.prompts if p.code == "first_would_change")
    assert prompt.params == change.model_dump(mode="json")


def test_round_change(card, bundle, first_round):
    # Round 2: ben moves from 1 1 1 1 (0.25 each) to 4 3 2 1 (0.40 0.30 0.20 0.10); ana and chloe stay.
    # Moves: ben effectiveness +0.15, cost -0.15, privacy +0.05, legality -0.05 (largest first, then item order).
    # Mean absolute change over the three: effectiveness 0.15 / 3 = 0.05, privacy 0.05 / 3 = 0.016667, legality 0.016667, cost 0.05.
    # W after:   ana 1 2 3 4, ben 1 2 3 4, chloe 2.5 1 2.5 4 (T 6): R = 4.5 5 8.5 12, S = 9 + 6.25 + 1 + 20.25 = 36.5,
    #            W = 12 x 36.5 / (540 - 3 x 6) = 438 / 522 = 0.839080, up from 0.543860.
    second = round_outcome(card, bundle, ROUND_1 | {"ben": pillars(4, 3, 2, 1), "dan": pillars(1, 1, 1, 1)}, "pillars", 2)
    change = round_change(first_round, round_outcome(card, bundle, ROUND_1 | {"ben": pillars(4, 3, 2, 1)}, "pillars", 2))
    assert [(m.pseudonym, m.item) for m in change.moves] == [("ben", "effectiveness"), ("ben", "cost"), ("ben", "privacy"), ("ben", "legality")]
    assert change.mean_absolute_change == pytest.approx({"effectiveness": 0.05, "privacy": 0.05 / 3, "legality": 0.05 / 3, "cost": 0.05})
    assert (change.kendalls_w_before, change.kendalls_w_after) == pytest.approx((186 / 342, 438 / 522))
    assert change.consensus == "grew"
    assert change.group_first_before == first_round.evaluation.ranking[0]
    # dan joined in round 2 only: he is in the round, not in the moves.
    assert "dan" not in {m.pseudonym for m in round_change(first_round, second).moves}
    assert round_change(first_round, first_round).consensus == "unchanged"


def test_nobody_submitted_is_refused(card, bundle):
    with pytest.raises(WeightError) as nobody:
        round_outcome(card, bundle, {}, "pillars", 1)
    assert nobody.value.code == "no_participants"


property_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
slider = st.integers(0, 10)


def test_w_lies_in_0_1_and_group_weights_sum_to_1(bundle):
    @property_settings
    @given(rows=st.lists(st.lists(slider, min_size=4, max_size=4).filter(any), min_size=1, max_size=12))
    def check(rows):
        participants = [pillars(*row) for row in rows]
        normalised = [item_weights(bundle, "pillars", p) for p in participants]
        weights, _ = group_item_weights(bundle, "pillars", participants, normalised)
        assert math.fsum(weights.values()) == pytest.approx(1)
        w = kendalls_w(np.array([[n[p] for p in PILLARS] for n in normalised]))
        assert (w is None) == (len(rows) < 2)
        assert w is None or 0 <= w <= 1

    check()


def test_pairwise_group_priorities_sum_to_1(bundle):
    saaty = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])

    @property_settings
    @given(values=st.lists(st.lists(saaty, min_size=6, max_size=6), min_size=1, max_size=8))
    def check(values):
        pairs = [(PILLARS[i], PILLARS[j]) for i in range(4) for j in range(i + 1, 4)]
        participants = [ParticipantInput(judgements=[PairwiseAnswer(a=a, b=b, value=v) for (a, b), v in zip(pairs, row)]) for row in values]
        normalised = [item_weights(bundle, "pairwise", p) for p in participants]
        weights, judgements = group_item_weights(bundle, "pairwise", participants, normalised)
        assert math.fsum(weights.values()) == pytest.approx(1)
        assert all(1 / 9 - 1e-9 <= v <= 9 + 1e-9 for _, _, v in judgements)
        assert 0 <= kendalls_w(np.array([[n[p] for p in PILLARS] for n in normalised]) if len(values) > 1 else np.ones((2, 4))) <= 1

    check()


def test_each_participant_ranks_the_options_as_evaluate_does(bundle):
    # round_outcome ranks a participant who adjusted no score from the card's values (one evaluation
    # for the room); the ranks and the first option must be those evaluate gives with their weights.
    whole_card = load_assessment(ROOT / "criteria/examples/christmas_market.yaml")

    @settings(max_examples=25, deadline=None)
    @given(rows=st.lists(st.lists(slider, min_size=4, max_size=4).filter(any), min_size=2, max_size=5))
    def check(rows):
        inputs = {f"p{number}": pillars(*row) for number, row in enumerate(rows)}
        for participant in round_outcome(whole_card, bundle, inputs, "pillars", 1).participants:
            alone = evaluate(whole_card.model_copy(update={"weights": DirectWeights(values=participant.criterion_weights)}), bundle, with_acceptability=False)
            assert participant.top_option == alone.ranking[0]
            assert participant.ranks == {o.key: o.rank for o in alone.options if o.rank is not None}

    check()


def test_mean_weights_of_criteria_sum_to_1(bundle):
    criteria = list(bundle.criterion_ids)

    @property_settings
    @given(rows=st.lists(st.lists(st.floats(0, 100), min_size=len(criteria), max_size=len(criteria)).filter(lambda r: sum(r) > 0.01), min_size=1, max_size=10))
    def check(rows):
        normalised = [item_weights(bundle, "criteria", ParticipantInput(weights=dict(zip(criteria, row)))) for row in rows]
        assert math.fsum(mean_weights(normalised, criteria).values()) == pytest.approx(1)

    check()


def test_a_cards_starting_levels_are_the_levels_its_evaluation_reads(bundle):
    """What a participant may adjust starts where the card's assessment puts each option, read
    without weighing anything: the same levels the evaluation ranks by."""
    for card in load_cards(bundle=bundle).values():
        assessment = card_assessment(card)
        evaluated = evaluate(assessment, bundle, with_acceptability=False)
        expected = {
            option.key: {criterion: round(value.configured) for criterion, value in option.criteria.items() if value.configured is not None}
            for option in evaluated.options
        }
        levels = starting_levels(assessment, bundle)
        assert levels == expected, card.id
        assert all(1 <= level <= 5 for option in levels.values() for level in option.values())
