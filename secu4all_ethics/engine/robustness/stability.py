"""How far one weight can move before the ranking changes.

When one weight w_k moves to t and the others are rescaled in proportion
(each w_j becomes w_j (1 - t) / (1 - w_k)), every weighted-sum score is a
straight line in t: S_i(t) = A_i + t B_i. So the interval of t in which the
top option stays first, and the point where the runner-up overtakes it, are
found exactly, not by search.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TOLERANCE = 1e-12


@dataclass(frozen=True)
class StabilityInterval:
    criterion_index: int
    weight: float
    lower: float
    upper: float


@dataclass(frozen=True)
class CriticalChange:
    criterion_index: int
    weight: float
    threshold: float

    @property
    def direction(self) -> str:
        return "below" if self.threshold < self.weight else "above"

    @property
    def change(self) -> float:
        return abs(self.threshold - self.weight)


def score_lines(values: np.ndarray, weights: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(A, B) with S_i(t) = A_i + t B_i when weight k is set to t, the others rescaled."""
    rest = values @ weights - values[:, k] * weights[k]
    intercept = rest / (1.0 - weights[k])
    return intercept, values[:, k] - intercept


def movable_weights(values: np.ndarray, weights: np.ndarray):
    """(k, A, B) for every criterion whose weight can move (is below 1)."""
    for k in range(values.shape[1]):
        if weights[k] < 1.0 - TOLERANCE:
            yield (k, *score_lines(values, weights, k))


def stability_intervals(values: np.ndarray, weights: np.ndarray, top: int) -> list[StabilityInterval]:
    """For each criterion whose weight is below 1, the weights keeping option `top` first."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    intervals = []
    others = np.arange(values.shape[0]) != top
    for k, intercept, slope in movable_weights(values, weights):
        c = intercept[top] - intercept[others]
        d = slope[top] - slope[others]
        lower, upper = 0.0, 1.0
        rising = d > TOLERANCE
        falling = d < -TOLERANCE
        if np.any(rising):
            lower = max(lower, float(np.max(-c[rising] / d[rising])))
        if np.any(falling):
            upper = min(upper, float(np.min(-c[falling] / d[falling])))
        intervals.append(StabilityInterval(k, float(weights[k]), max(0.0, lower), min(1.0, upper)))
    return intervals


def critical_change(values: np.ndarray, weights: np.ndarray, first: int, second: int) -> CriticalChange | None:
    """The smallest change of one weight at which `second` overtakes `first`, or None if none does."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    best: CriticalChange | None = None
    for k, intercept, slope in movable_weights(values, weights):
        c = intercept[first] - intercept[second]
        d = slope[first] - slope[second]
        if abs(d) <= TOLERANCE:
            continue
        threshold = -c / d
        if not 0.0 <= threshold <= 1.0:
            continue
        candidate = CriticalChange(k, float(weights[k]), float(threshold))
        if best is None or candidate.change < best.change:
            best = candidate
    return best


def tornado(values: np.ndarray, weights: np.ndarray, option: int, swing: float = 0.5) -> list[tuple[int, float, float, float, float]]:
    """(criterion, weight_low, weight_high, score_low, score_high) as each weight moves by +-swing (relative)."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    bars = []
    for k, intercept, slope in movable_weights(values, weights):
        low = max(0.0, weights[k] * (1 - swing))
        high = min(1.0, weights[k] * (1 + swing))
        bars.append((k, low, high, float(intercept[option] + low * slope[option]), float(intercept[option] + high * slope[option])))
    return bars
