"""TOPSIS with vector normalisation (Hwang & Yoon 1981).

Used as a cross-check only: unlike the fixed-scale weighted sum, its
normalisation and its ideal points depend on the options compared, so adding
or removing an option can reorder the others.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TopsisOutcome:
    normalised: np.ndarray
    weighted: np.ndarray
    ideal: np.ndarray
    anti_ideal: np.ndarray
    distance_to_ideal: np.ndarray
    distance_to_anti_ideal: np.ndarray
    closeness: np.ndarray


def topsis(values: np.ndarray, weights: np.ndarray, benefit: np.ndarray | None = None) -> TopsisOutcome:
    """values (m, n), weights (n,) summing to 1, benefit (n,) booleans (False = cost criterion)."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if values.ndim != 2 or values.shape[1] != weights.shape[0]:
        raise ValueError(f"values {values.shape} and weights {weights.shape} do not match")
    benefit = np.ones(values.shape[1], dtype=bool) if benefit is None else np.asarray(benefit, dtype=bool)
    norms = np.sqrt((values**2).sum(axis=0))
    normalised = np.divide(values, norms, out=np.zeros_like(values), where=norms > 0)
    weighted = normalised * weights
    ideal = np.where(benefit, weighted.max(axis=0), weighted.min(axis=0))
    anti_ideal = np.where(benefit, weighted.min(axis=0), weighted.max(axis=0))
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    total = d_plus + d_minus
    # All options identical: none is closer to the ideal than another.
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return TopsisOutcome(normalised, weighted, ideal, anti_ideal, d_plus, d_minus, closeness)
