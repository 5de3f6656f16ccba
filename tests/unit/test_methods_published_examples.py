"""The MCDA methods reproduce published worked examples."""

import numpy as np
import pytest

from secu4all_ethics.engine.methods.promethee import promethee_ii
from secu4all_ethics.engine.methods.ranks import competition_ranks, kendall_tau_b
from secu4all_ethics.engine.methods.topsis import topsis
from secu4all_ethics.engine.methods.weighted_sum import weighted_sum


def test_topsis_reproduces_hwang_and_yoon_fighter_aircraft():
    """Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods
    and Applications. Springer, p. 133 (fighter aircraft selection; also in Yoon &
    Hwang 1995, Sage). Vector normalisation; criterion 4 (acquisition cost) is a
    cost criterion. Published distances D+ = .0545 .1197 .0580 .1009,
    D- = .0983 .0439 .0920 .0458, closeness .643 .268 .613 .312; the book rounds
    its intermediate tables to four places, hence the 0.002 tolerance."""
    matrix = np.array(
        [
            [2.0, 1500, 20000, 5.5, 5, 9],
            [2.5, 2700, 18000, 6.5, 3, 5],
            [1.8, 2000, 21000, 4.5, 7, 7],
            [2.2, 1800, 20000, 5.0, 5, 5],
        ]
    )
    weights = np.array([0.2, 0.1, 0.1, 0.1, 0.2, 0.3])
    benefit = np.array([True, True, True, False, True, True])
    outcome = topsis(matrix, weights, benefit)
    np.testing.assert_allclose(outcome.distance_to_ideal, [0.0545, 0.1197, 0.0580, 0.1009], atol=0.0002)
    np.testing.assert_allclose(outcome.distance_to_anti_ideal, [0.0983, 0.0439, 0.0920, 0.0458], atol=0.0002)
    np.testing.assert_allclose(outcome.closeness, [0.643, 0.268, 0.613, 0.312], atol=0.002)
    assert list(competition_ranks(outcome.closeness)) == [1, 4, 2, 3]


def test_promethee_ii_usual_reproduces_zhao_peng_li():
    """Zhao, H., Peng, Y. & Li, W. (2013). Revised PROMETHEE II for improving
    efficiency in emergency response. Procedia Computer Science 17, 181-188:
    three alternatives, weights .5 .3 .2, usual criterion, net flows .1 -.3 .2."""
    matrix = np.array([[4, 3, 2], [3, 2, 4], [5, 1, 3]])
    outcome = promethee_ii(matrix, np.array([0.5, 0.3, 0.2]), "usual")
    np.testing.assert_allclose(outcome.net_flow, [0.1, -0.3, 0.2], atol=1e-12)
    np.testing.assert_allclose(outcome.positive_flow, [0.55, 0.35, 0.6], atol=1e-12)


def test_promethee_linear_preference_grows_with_the_difference():
    matrix = np.array([[5.0], [4.0], [1.0]])
    outcome = promethee_ii(matrix, np.array([1.0]), "linear", threshold=2.0)
    # d = 1 gives half a preference below p = 2; d >= 2 a full one.
    assert outcome.preference_index[0, 1] == pytest.approx(0.5)
    assert outcome.preference_index[0, 2] == pytest.approx(1.0)
    assert outcome.preference_index[1, 0] == 0.0


def test_topsis_with_identical_options_is_neutral_not_nan():
    outcome = topsis(np.array([[3.0, 3.0], [3.0, 3.0]]), np.array([0.5, 0.5]))
    np.testing.assert_allclose(outcome.closeness, [0.5, 0.5])


def test_weighted_sum_refuses_values_off_the_scale_and_missing_values():
    with pytest.raises(ValueError, match="1-5 scale"):
        weighted_sum(np.array([[0.0, 3.0]]), np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="finite"):
        weighted_sum(np.array([[np.nan, 3.0]]), np.array([0.5, 0.5]))


def test_competition_ranks_share_ties():
    assert list(competition_ranks(np.array([3.0, 4.0, 4.0, 1.0]))) == [3, 1, 1, 4]


@pytest.mark.parametrize("x, y, tau", [([1, 2, 3], [1, 2, 3], 1.0), ([1, 2, 3], [3, 2, 1], -1.0), ([1, 2, 3, 4], [1, 3, 2, 4], 2 / 3)])
def test_kendall_tau_b(x, y, tau):
    assert kendall_tau_b(np.array(x), np.array(y)) == pytest.approx(tau)
