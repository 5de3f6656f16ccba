"""Weighted sum on the framework's fixed 1-5 scales.

The values are not rescaled to the options at hand (no min-max over the
alternatives), so an option's score depends only on its own values and the
weights: adding or removing any other option can never change the order of
the rest. That property is why this is the default method.
"""

from __future__ import annotations

import numpy as np


def weighted_sum(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scores (m,) and contributions (m, n) for values (m, n) on 1-5 and weights (n,) summing to 1."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if values.ndim != 2 or weights.ndim != 1 or values.shape[1] != weights.shape[0]:
        raise ValueError(f"values {values.shape} and weights {weights.shape} do not match")
    if not np.all(np.isfinite(values)):
        raise ValueError("values must be finite; missing scores are handled before aggregation")
    if np.any(values < 1) or np.any(values > 5):
        raise ValueError("values must lie on the 1-5 scale")
    contributions = values * weights
    return contributions.sum(axis=1), contributions
