"""Weight stability, the critical weight change, rank acceptability and tornado
data, each checked against a brute-force recomputation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secu4all_ethics.engine.robustness.acceptability import rank_acceptability
from secu4all_ethics.engine.robustness.report import robustness
from secu4all_ethics.engine.robustness.stability import critical_change, stability_intervals, tornado
from secu4all_ethics.i18n import t
from secu4all_ethics.wording.names import ResultNames
from secu4all_ethics.wording.statements import robustness_statement


def rescaled(weights, k, t):
    """Weight k set to t, the others rescaled in proportion."""
    out = weights * (1 - t) / (1 - weights[k])
    out[k] = t
    return out


def top_of(values, weights):
    return int(np.argmax(values @ weights))


values_strategy = st.integers(2, 6).flatmap(
    lambda m: st.integers(2, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(1, 5), min_size=n, max_size=n), min_size=m, max_size=m),
            st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n),
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(values_strategy)
def test_stability_interval_is_exact(case):
    values = np.array(case[0], dtype=float)
    weights = np.array(case[1]) / sum(case[1])
    scores = values @ weights
    top = int(np.argmax(scores))
    if np.sum(np.isclose(scores, scores[top])) > 1:
        return  # ties at the top are reported as ties, not intervals
    for interval in stability_intervals(values, weights, top):
        k = interval.criterion_index
        assert interval.lower <= weights[k] + 1e-9 <= interval.upper + 2e-9
        for inside in (interval.lower, interval.upper, (interval.lower + interval.upper) / 2):
            s = values @ rescaled(weights, k, inside)
            assert s[top] >= s.max() - 1e-9
        for outside in (interval.lower - 1e-3, interval.upper + 1e-3):
            if 0 <= outside < 1:
                s = values @ rescaled(weights, k, outside)
                assert s[top] < s.max() - 1e-12 or np.isclose(s[top], s.max())


def test_critical_change_is_where_the_runner_up_overtakes():
    values = np.array([[5, 1, 3], [2, 5, 3], [1, 1, 1]], dtype=float)
    weights = np.array([0.5, 0.3, 0.2])
    change = critical_change(values, weights, first=0)
    assert change is not None and change.challenger == 1
    k, threshold = change.criterion_index, change.threshold
    before = values @ rescaled(weights, k, threshold - 1e-6 if change.direction == "above" else threshold + 1e-6)
    after = values @ rescaled(weights, k, threshold + 1e-6 if change.direction == "above" else threshold - 1e-6)
    assert before[0] > before[1] and after[1] > after[0]
    # it is the smallest such change: brute force over a fine grid of every weight
    smallest = min(
        abs(t - weights[j])
        for j in range(3)
        for t in np.linspace(0, 0.999, 2000)
        if (values @ rescaled(weights, j, t))[1] > (values @ rescaled(weights, j, t))[0]
    )
    assert change.change == pytest.approx(smallest, abs=1e-3)


def test_no_critical_change_when_first_dominates():
    values = np.array([[5, 5, 5], [1, 2, 3]], dtype=float)
    assert critical_change(values, np.array([0.2, 0.3, 0.5]), 0) is None


def smallest_overtaking_change(values, weights, first, grid=4001):
    """Brute force: the smallest move of one weight (others rescaled) after which any other option scores above `first`."""
    smallest = None
    for k in range(values.shape[1]):
        for weight in np.linspace(0, 1, grid):
            if weights[k] >= 1 or weight >= 1:
                continue
            s = values @ rescaled(weights, k, weight)
            if np.max(np.delete(s, first)) > s[first] + 1e-9:
                change = abs(weight - weights[k])
                smallest = change if smallest is None else min(smallest, change)
    return smallest


def test_a_third_option_overtaking_first_is_the_critical_change():
    # B is the runner-up, but C takes first place after a smaller change of the first weight.
    values = np.array([[5, 3], [4.5, 3.3], [2, 5.6]])
    weights = np.array([0.5, 0.5])
    change = critical_change(values, weights, first=0)
    assert change.challenger == 2
    assert change.change == pytest.approx(0.5 - 2.6 / 5.6)  # B would need a change of 0.125
    assert change.change == pytest.approx(smallest_overtaking_change(values, weights, 0), abs=1e-3)


@settings(max_examples=120, deadline=None)
@given(
    st.integers(3, 5).flatmap(
        lambda m: st.tuples(
            st.lists(st.lists(st.integers(1, 5), min_size=4, max_size=4), min_size=m, max_size=m),
            st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4),
        )
    )
)
def test_critical_change_is_the_smallest_over_every_challenger(case):
    values = np.array(case[0], dtype=float)
    weights = np.array(case[1]) / sum(case[1])
    scores = values @ weights
    first = int(np.argmax(scores))
    if np.sum(np.isclose(scores, scores[first])) > 1:
        return  # ties are reported as ties
    change = critical_change(values, weights, first)
    brute = smallest_overtaking_change(values, weights, first)
    if change is None or change.at_limit:
        assert brute is None
    else:
        assert brute is not None and change.change == pytest.approx(brute, abs=1e-3)
        after = values @ rescaled(weights, change.criterion_index, change.threshold + (1e-6 if change.direction == "above" else -1e-6))
        assert after[change.challenger] > after[first]


class _Settings:
    samples, concentration, seed = 500, 100.0, 1


def _robustness(values, weights, keys=("a", "b", "c"), language="en"):
    """The engine's robustness figures, with their statement worded as wording.word_result words it."""
    keys = list(keys[: len(values)])
    outcome = robustness(keys, ["x", "y"], values, values, values, weights, values @ weights, _Settings(), with_acceptability=False)
    names = ResultNames(
        language=language,
        options={k: k.upper() for k in keys},
        criteria={"x": "Crime", "y": "Privacy"},
        pillars={},
        gates={},
        pillar_of={},
        criterion_order=("x", "y"),
        pillar_order=(),
    )
    return outcome.model_copy(update={"statement": robustness_statement(outcome, names, language)})


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_a_tie_only_at_a_weight_limit_has_no_threshold(language):
    # B equals A only when the weight of y reaches 100 %: no change overtakes A.
    values = np.array([[5.0, 3.0], [1.0, 3.0]])
    outcome = _robustness(values, np.array([0.5, 0.5]), language=language)
    assert outcome.critical_change is None
    assert "-0" not in outcome.statement and "−0" not in outcome.statement
    assert "B" in outcome.statement and ("Crime" in outcome.statement or "Privacy" in outcome.statement)
    for direction in ("below", "above"):
        assert t(f"wording.robustness.direction.{direction}", language) not in outcome.statement


def test_the_robustness_sentence_names_the_challenger_that_overtakes_first():
    values = np.array([[5, 3], [4.5, 3.3], [2, 5.6]])
    outcome = _robustness(values, np.array([0.5, 0.5]))
    assert outcome.critical_change.runner_up == "c" and "C" in outcome.statement
    change = outcome.critical_change
    assert abs(change.threshold_weight - change.current_weight) == pytest.approx(0.5 - 2.6 / 5.6)


def test_tied_options_share_the_ranks_they_occupy():
    # a and b are the same option listed twice: each takes first place in half the samples, never all of them.
    values = np.array([[4, 4, 2], [4, 4, 2], [3, 3, 3]], dtype=float)
    weights = np.array([0.3, 0.3, 0.4])
    outcome = rank_acceptability(values, values, values, weights, samples=2000, concentration=50, seed=5)
    table = outcome.rank_probabilities
    np.testing.assert_allclose(table[0], table[1])
    np.testing.assert_allclose(table.sum(axis=0), 1.0)
    np.testing.assert_allclose(table.sum(axis=1), 1.0)
    assert table[0, 0] == pytest.approx((1 - table[2, 0]) / 2) and table[2, 0] < 0.5


def test_tornado_matches_direct_recomputation():
    values = np.array([[4, 2, 5], [3, 4, 2]], dtype=float)
    weights = np.array([0.5, 0.3, 0.2])
    for k, w_low, w_high, s_low, s_high in tornado(values, weights, option=0):
        assert w_low == pytest.approx(weights[k] * 0.5) and w_high == pytest.approx(weights[k] * 1.5)
        assert s_low == pytest.approx((values @ rescaled(weights, k, w_low))[0])
        assert s_high == pytest.approx((values @ rescaled(weights, k, w_high))[0])


def test_rank_acceptability_is_a_probability_table_and_reproducible():
    values = np.array([[4, 3, 5], [3, 4, 4], [2, 2, 2]], dtype=float)
    low, high = values - 1, values + 0
    high[0, 0] = 5
    low = np.clip(low, 1, 5)
    weights = np.array([0.4, 0.3, 0.3])
    first = rank_acceptability(values, low, high, weights, samples=3000, concentration=20, seed=7)
    again = rank_acceptability(values, low, high, weights, samples=3000, concentration=20, seed=7)
    other = rank_acceptability(values, low, high, weights, samples=3000, concentration=20, seed=8)
    table = first.rank_probabilities
    np.testing.assert_allclose(table.sum(axis=0), 1.0)
    np.testing.assert_allclose(table.sum(axis=1), 1.0)
    np.testing.assert_array_equal(table, again.rank_probabilities)
    assert not np.array_equal(table, other.rank_probabilities)
    assert table[2, 2] == 1.0  # the dominated option is always last


def test_rank_acceptability_tightens_with_concentration():
    values = np.array([[5, 1], [1, 5]], dtype=float)
    weights = np.array([0.6, 0.4])
    loose = rank_acceptability(values, values, values, weights, samples=4000, concentration=2, seed=1)
    tight = rank_acceptability(values, values, values, weights, samples=4000, concentration=2000, seed=1)
    assert tight.rank_probabilities[0, 0] > loose.rank_probabilities[0, 0]
    assert tight.rank_probabilities[0, 0] > 0.99


def test_zero_weights_stay_zero_in_the_simulation():
    values = np.array([[1, 5], [5, 1]], dtype=float)
    outcome = rank_acceptability(values, values, values, np.array([0.0, 1.0]), samples=1000, concentration=1, seed=3)
    assert outcome.rank_probabilities[0, 0] == 1.0


@pytest.mark.parametrize("low, mode, high", [(2.0, 3.0, 4.0), (1.0, 1.0, 3.0), (2.0, 5.0, 5.0), (1.0, 2.0, 5.0)])
def test_score_sampling_follows_the_triangular_distribution(low, mode, high):
    from secu4all_ethics.engine.robustness.acceptability import _offset_table, _uniform_levels

    rng = np.random.default_rng(11)
    draws = mode + _offset_table(low, mode, high)[_uniform_levels(rng, (200_000, 1))].ravel().astype(float)
    assert draws.min() >= low - 1e-6 and draws.max() <= high + 1e-6
    assert draws.mean() == pytest.approx((low + mode + high) / 3, abs=0.01)
    # the CDF at the mode is (mode - low) / (high - low)
    assert np.mean(draws <= mode) == pytest.approx((mode - low) / (high - low), abs=0.01)
    variance = (low**2 + mode**2 + high**2 - low * mode - low * high - mode * high) / 18
    assert draws.var() == pytest.approx(variance, rel=0.03)
