"""PROMETHEE II net outranking flows (Brans & Vincke 1985).

Two preference functions: 'usual' (any advantage is a full preference) and
'linear' (preference grows with the advantage up to a threshold p, in scale
points). A cross-check only: flows compare options with each other, so they
depend on which options are in the set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

PreferenceFunction = Literal["usual", "linear"]


@dataclass(frozen=True)
class PrometheeOutcome:
    preference_function: str
    threshold: float | None
    preference_index: np.ndarray
    positive_flow: np.ndarray
    negative_flow: np.ndarray
    net_flow: np.ndarray


def promethee_ii(
    values: np.ndarray,
    weights: np.ndarray,
    preference_function: PreferenceFunction = "usual",
    threshold: float = 2.0,
) -> PrometheeOutcome:
    """values (m, n) where higher is better, weights (n,) summing to 1."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    m = values.shape[0]
    difference = values[:, None, :] - values[None, :, :]  # d_j(a, b)
    if preference_function == "usual":
        preference = (difference > 0).astype(float)
    elif preference_function == "linear":
        if threshold <= 0:
            raise ValueError("the linear preference threshold must be positive")
        preference = np.clip(difference / threshold, 0.0, 1.0)
    else:
        raise ValueError(f"unknown preference function {preference_function!r}")
    index = preference @ weights  # pi(a, b)
    if m > 1:
        positive = index.sum(axis=1) / (m - 1)
        negative = index.sum(axis=0) / (m - 1)
    else:
        positive = negative = np.zeros(m)
    return PrometheeOutcome(
        preference_function=preference_function,
        threshold=threshold if preference_function == "linear" else None,
        preference_index=index,
        positive_flow=positive,
        negative_flow=negative,
        net_flow=positive - negative,
    )
