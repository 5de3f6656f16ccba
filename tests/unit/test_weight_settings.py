"""Switching weighting method keeps the weights (services/weight_settings): each
method's new settings, given to the engine, give back the weights in use, as
nearly as that method can say them."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secu4all_ethics.domain.assessment import DirectWeights
from secu4all_ethics.engine.weighting import derive_weights
from secu4all_ethics.services.weight_settings import (
    METHODS,
    judgement_position,
    judgement_value,
    ranking_from_positions,
    ranking_positions,
    settings_for,
    shares_of_100,
    snap,
    within_pillar_shares,
)


def weights_in_use(bundle, preset="privacy_first"):
    weights = derive_weights(DirectWeights(preset=preset), bundle).weights
    pillar_of = {c.id: c.pillar for c in bundle.framework.criteria}
    pillars = {p.id: sum(w for c, w in weights.items() if pillar_of[c] == p.id) for p in bundle.framework.pillars}
    return weights, pillars


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.floats(0, 1000, allow_nan=False), min_size=1))
def test_shares_of_100_are_whole_and_add_up_to_exactly_100(weights):
    shares = shares_of_100(weights)
    assert set(shares) == set(weights)
    if sum(weights.values()) > 0:
        assert sum(shares.values()) == 100
        total = sum(weights.values())
        assert all(abs(shares[k] - 100 * v / total) < 1 for k, v in weights.items())
    else:
        assert set(shares.values()) == {0}


def test_largest_remainder_gives_the_spare_point_to_the_largest_fraction():
    assert shares_of_100({"a": 1, "b": 1, "c": 1}) == {"a": 34, "b": 33, "c": 33}
    assert shares_of_100({"a": 0.333, "b": 0.667}) == {"a": 33, "b": 67}


def test_snap_to_the_saaty_scale():
    assert snap(1.0) == 1 and snap(2.4) == 2 and snap(0.3) == pytest.approx(1 / 3)
    assert snap(0) == pytest.approx(1 / 9) and snap(math.inf) == 9 and snap(100) == 9


@pytest.mark.parametrize("position", range(-8, 9))
def test_a_slider_position_and_its_judgement_are_inverse(position):
    assert judgement_position(judgement_value(position)) == position
    assert judgement_position(1.0) == 0 and judgement_position(9) == 8 and judgement_position(1 / 9) == -8


def test_ranking_places_share_a_place_on_ties_and_round_trip():
    ranking = [["a"], ["b", "c"], ["d"]]
    places = ranking_positions(ranking)
    assert places == {"a": 1, "b": 2, "c": 2, "d": 4}
    assert ranking_from_positions(places, ["a", "b", "c", "d"]) == ranking
    assert ranking_from_positions({"a": 3, "b": 1, "c": 3}, ["a", "b", "c"]) == [["b"], ["a", "c"]]


def test_within_pillar_shares_add_up_to_100_per_pillar_and_fall_back_on_a_zero_pillar(bundle):
    weights, pillars = weights_in_use(bundle)
    shares = within_pillar_shares(weights, pillars, bundle)
    for pillar in bundle.framework.pillars:
        members = [c.id for c in bundle.framework.criteria if c.pillar == pillar.id]
        assert sum(shares[c] for c in members) == 100
    first = bundle.framework.pillars[0].id
    zeroed = within_pillar_shares(weights, {**pillars, first: 0.0}, bundle)
    defaults = within_pillar_shares(bundle.default_weights, {p: 1.0 for p in pillars}, bundle)
    members = [c.id for c in bundle.framework.criteria if c.pillar == first]
    assert {c: zeroed[c] for c in members} == {c: defaults[c] for c in members}


@pytest.mark.parametrize("method", METHODS)
def test_a_new_method_starts_from_the_weights_in_use(bundle, method):
    weights, pillars = weights_in_use(bundle)
    settings = settings_for(method, weights, pillars, bundle, "Ada")
    assert settings.method == method and settings.set_by == "Ada"
    derived = derive_weights(settings, bundle).weights
    if method == "roc":  # a ranking keeps the order, not the sizes
        order = sorted(weights, key=lambda c: -weights[c])
        assert [c for c in sorted(derived, key=lambda c: -derived[c])] == order
    else:
        tolerance = 0.03 if method == "ahp" else 0.006  # the Saaty scale is coarse; the others round to whole numbers
        assert max(abs(derived[c] - weights[c]) for c in weights) < tolerance, method


def test_pairwise_pillars_keep_default_shares_out_of_the_document(bundle):
    pillars = [p.id for p in bundle.framework.pillars]
    defaults = {c: bundle.default_weights[c] for c in bundle.criterion_ids}
    default_pillars = {p.id: sum(w for c, w in defaults.items() if bundle.criteria[c].pillar == p.id) for p in bundle.framework.pillars}
    total = sum(default_pillars.values())
    normalised = {c: w / total for c, w in defaults.items()}
    settings = settings_for("ahp", normalised, {p: w / total for p, w in default_pillars.items()}, bundle, "")
    assert settings.scope == "pillars" and settings.within_pillar == {}
    assert len(settings.judgements) == len(pillars) * (len(pillars) - 1) // 2
