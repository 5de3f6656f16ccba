"""Turning raw weights into normalised ones, refusing what cannot be meant."""

from __future__ import annotations

import math
from typing import Mapping, Sequence


class WeightError(ValueError):
    """Weights that cannot be used; the message says which and why."""


def normalise_weights(raw: Mapping[str, float], criterion_ids: Sequence[str]) -> dict[str, float]:
    """Weights by criterion, summing to 1, in the framework's criterion order.

    Every criterion needs a weight (zero is allowed); unknown criteria,
    negative, NaN or infinite weights, and an all-zero set are refused.
    """
    known = set(criterion_ids)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise WeightError(f"weights name unknown criteria: {', '.join(unknown)}")
    missing = [criterion_id for criterion_id in criterion_ids if criterion_id not in raw]
    if missing:
        raise WeightError(f"no weight given for: {', '.join(missing)}")
    for criterion_id in criterion_ids:
        value = raw[criterion_id]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WeightError(f"the weight of {criterion_id} is not a number ({value!r})")
        if math.isnan(value) or math.isinf(value):
            raise WeightError(f"the weight of {criterion_id} is not a finite number ({value})")
        if value < 0:
            raise WeightError(f"the weight of {criterion_id} is negative ({value})")
    total = math.fsum(float(raw[criterion_id]) for criterion_id in criterion_ids)
    if total <= 0:
        raise WeightError("all weights are zero: give at least one criterion a positive weight")
    return {criterion_id: float(raw[criterion_id]) / total for criterion_id in criterion_ids}
