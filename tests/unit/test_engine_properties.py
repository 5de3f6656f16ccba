"""Properties of the evaluation that must hold for any weights and scores."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secu4all_ethics import evaluate
from secu4all_ethics.domain.assessment import AssessedScore, RobustnessSettings
from tests.builders import make_assessment

OPTIONS = [
    "fixed_cctv",
    "improved_lighting",
    "live_facial_recognition",
    "guardians_stewards",
    "anpr",
    "cpted_place_management",
    "do_nothing",
    "acoustic_detection",
]
FAST = RobustnessSettings(samples=200)
property_settings = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def weights_strategy(bundle):
    return (
        st.lists(st.floats(0.0, 10.0), min_size=len(bundle.criterion_ids), max_size=len(bundle.criterion_ids))
        .filter(lambda ws: sum(ws) > 0.01)
        .map(lambda ws: dict(zip(bundle.criterion_ids, ws)))
    )


def ranked_order(result):
    return [key for key in result.ranking]


def test_scaling_all_weights_leaves_the_ranking_unchanged(bundle):
    @property_settings
    @given(weights=weights_strategy(bundle), factor=st.floats(0.01, 1000.0))
    def check(weights, factor):
        base = evaluate(make_assessment(bundle, OPTIONS, weights=weights, robustness=FAST), bundle)
        scaled = evaluate(make_assessment(bundle, OPTIONS, weights={c: w * factor for c, w in weights.items()}, robustness=FAST), bundle)
        assert ranked_order(base) == ranked_order(scaled)
        for a, b in zip(base.options, scaled.options):
            assert (a.score is None) == (b.score is None)
            if a.score is not None:
                assert np.isclose(a.score, b.score)

    check()


def test_raising_a_score_never_lowers_the_options_score(bundle):
    judgement = list(bundle.judgement_criterion_ids)

    @property_settings
    @given(
        weights=weights_strategy(bundle),
        option=st.sampled_from(["fixed_cctv", "improved_lighting", "anpr"]),
        criterion=st.sampled_from(judgement),
        value=st.integers(1, 4),
    )
    def check(weights, option, criterion, value):
        assessment = make_assessment(bundle, OPTIONS, weights=weights, robustness=FAST)
        target = next(o for o in assessment.options if o.key == option)
        target.scores[criterion] = AssessedScore(value=value, evidence_grade="expert_judgement", rationale="test")
        lower = next(o for o in evaluate(assessment, bundle).options if o.key == option).score
        target.scores[criterion] = AssessedScore(value=value + 1, evidence_grade="expert_judgement", rationale="test")
        higher = next(o for o in evaluate(assessment, bundle).options if o.key == option).score
        assert higher >= lower - 1e-12

    check()


def test_removing_any_option_leaves_the_order_of_the_others(bundle):
    @property_settings
    @given(weights=weights_strategy(bundle), removed=st.sampled_from(OPTIONS))
    def check(weights, removed):
        full = evaluate(make_assessment(bundle, OPTIONS, weights=weights, robustness=FAST), bundle)
        reduced = evaluate(make_assessment(bundle, [o for o in OPTIONS if o != removed], weights=weights, robustness=FAST), bundle)
        expected = [key for key in full.ranking if key != removed]
        assert reduced.ranking == expected

    check()


def test_an_excluded_option_is_never_ranked_whatever_the_weights(bundle):
    @property_settings
    @given(weights=weights_strategy(bundle))
    def check(weights):
        result = evaluate(make_assessment(bundle, OPTIONS, weights=weights, robustness=FAST), bundle)
        assert "live_facial_recognition" not in result.ranking
        assert "live_facial_recognition" in result.excluded
        if result.robustness is not None:
            assert "live_facial_recognition" not in result.robustness.acceptability.rank_probabilities

    check()
    everything_on_effectiveness = {c: 0.0 for c in bundle.criterion_ids}
    everything_on_effectiveness["effectiveness_evidence"] = 100.0
    result = evaluate(make_assessment(bundle, OPTIONS, weights=everything_on_effectiveness, robustness=FAST), bundle)
    assert "live_facial_recognition" not in result.ranking
