"""How far one weight can move before the ranking changes.

When one weight w_k moves to t and the others are rescaled in proportion
(each w_j becomes w_j (1 - t) / (1 - w_k)), every weighted-sum score is a
straight line in t: S_i(t) = A_i + t B_i. So the interval of t in which the
top option stays first, and the point where another option overtakes it, are
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
    challenger: int

    @property
    def at_limit(self) -> bool:
        """The challenger only draws level at a weight of 0 or 1, which no real change reaches past."""
        return self.threshold <= TOLERANCE or self.threshold >= 1.0 - TOLERANCE

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


def critical_change(values: np.ndarray, weights: np.ndarray, first: int) -> CriticalChange | None:
    """The smallest change of one weight at which any other option overtakes `first`, or None if none does.

    Every challenger is considered, not only the runner-up: a third option can
    take first place with a smaller change. The nearest crossing on each weight
    is where `first` stops being first. A crossing exactly at a weight of 0 or 1
    is only a tie at the limit; it is returned (with at_limit) when no change
    inside the limits makes another option overtake.
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    others = np.flatnonzero(np.arange(values.shape[0]) != first)
    inside: CriticalChange | None = None
    at_limit: CriticalChange | None = None
    for k, intercept, slope in movable_weights(values, weights):
        c = intercept[first] - intercept[others]
        d = slope[first] - slope[others]
        for j, gap, rate in zip(others, c, d):
            if abs(rate) <= TOLERANCE:
                continue
            threshold = float(-gap / rate) + 0.0  # + 0.0 turns -0.0 into 0.0
            if not -TOLERANCE <= threshold <= 1.0 + TOLERANCE or abs(threshold - weights[k]) <= TOLERANCE:
                continue
            candidate = CriticalChange(k, float(weights[k]), min(1.0, max(0.0, threshold)), int(j))
            if candidate.at_limit:
                if at_limit is None or candidate.change < at_limit.change:
                    at_limit = candidate
            elif inside is None or candidate.change < inside.change:
                inside = candidate
    return inside if inside is not None else at_limit


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
