"""How far the participants agree: Kendall's W on their rankings of the items, and each item's spread.

Kendall's coefficient of concordance W (Kendall & Babington Smith 1939; the tie correction as in
Siegel & Castellan 1988, ch. 9): each participant's weights rank the items (the largest weight
first; tied weights share the mean of the ranks they occupy); with R_j the sum of item j's ranks
over the m participants and n items,

    S = sum_j (R_j - m (n + 1) / 2)^2
    W = 12 S / (m^2 (n^3 - n) - m sum_i T_i),   T_i = sum over participant i's groups of ties of (t^3 - t).

W is 1 when every participant ranks the items alike and near 0 when their rankings cancel out.
Degenerate cases: fewer than 2 participants (or items) leave nothing to agree on, and W is None.
When every participant gives every item the same weight, numerator and denominator are both 0;
their rankings are then identical (all items tied), so W is 1: complete agreement.

The spread of an item is read on the normalised weights: quartiles by numpy's default linear
interpolation, the population standard deviation (ddof=0)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .results import ItemSpread

MAX_CONTESTED = 3
# Weights and spreads this close count as equal (floating point noise): they tie.
_SPREAD_DECIMALS = 12


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks of values, the largest first (rank 1); tied values share the mean of their ranks."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=float)
    position = 0
    while position < len(order):
        end = position
        while end + 1 < len(order) and values[order[end + 1]] == values[order[position]]:
            end += 1
        ranks[order[position : end + 1]] = (position + end) / 2 + 1
        position = end + 1
    return ranks


def _tie_sum(values: np.ndarray) -> float:
    _, counts = np.unique(values, return_counts=True)
    return float(np.sum(counts.astype(float) ** 3 - counts))


def kendalls_w(weights: np.ndarray) -> float | None:
    """Kendall's W of a participants (rows) x items (columns) matrix of weights, ties corrected."""
    m, n = weights.shape
    if m < 2 or n < 2:
        return None
    # Weights equal but for floating point noise (two priorities of an eigenvector) are tied.
    weights = np.round(weights, _SPREAD_DECIMALS)
    ranks = np.array([average_ranks(row) for row in weights])
    rank_sums = ranks.sum(axis=0)
    spread = float(np.sum((rank_sums - m * (n + 1) / 2) ** 2))
    denominator = m**2 * (n**3 - n) - m * sum(_tie_sum(row) for row in weights)
    if denominator <= 0:  # every participant tied every item: identical rankings
        return 1.0
    return float(min(1.0, max(0.0, 12 * spread / denominator)))


def item_spreads(weights: np.ndarray, items: Sequence[str]) -> list[ItemSpread]:
    """Per item (a column), how the participants' weights spread; empty without participants."""
    if weights.shape[0] == 0:
        return []
    quartile_1, median, quartile_3 = np.percentile(weights, [25, 50, 75], axis=0)
    return [
        ItemSpread(
            item=item,
            mean=float(weights[:, j].mean()),
            median=float(median[j]),
            minimum=float(weights[:, j].min()),
            maximum=float(weights[:, j].max()),
            quartile_1=float(quartile_1[j]),
            quartile_3=float(quartile_3[j]),
            interquartile_range=float(quartile_3[j] - quartile_1[j]),
            standard_deviation=float(weights[:, j].std()),
        )
        for j, item in enumerate(items)
    ]


def contested_items(spreads: Sequence[ItemSpread]) -> list[str]:
    """The items the participants disagree on most: the widest interquartile range first, ties broken
    by the larger standard deviation, then by the framework's order; at most three. An item on
    which everyone gave the same weight is not contested."""
    disputed = [(position, s) for position, s in enumerate(spreads) if round(s.standard_deviation, _SPREAD_DECIMALS) > 0]
    disputed.sort(key=lambda entry: (-round(entry[1].interquartile_range, _SPREAD_DECIMALS), -round(entry[1].standard_deviation, _SPREAD_DECIMALS), entry[0]))
    return [spread.item for _, spread in disputed[:MAX_CONTESTED]]
